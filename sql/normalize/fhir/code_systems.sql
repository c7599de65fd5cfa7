-- The alias table as a MAP (alias -> canonical code system) in the session variable fhir_code_systems,
-- read by fhir_system() (macros.sql). Set before each file, so a changed alias table is seen by the next
-- load even on a connection whose macros were created earlier. No parameters.
SET VARIABLE fhir_code_systems = (SELECT map(list(alias), list(code_system)) FROM code_system_alias);
