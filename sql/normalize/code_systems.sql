-- Canonical code-system names for the loaders' normalisation (FHIR and CSV), set before each batch (outside
-- its transaction) so a changed alias table is seen by the next load. No parameters.
-- canonical_system() (schema/05_macros.sql) is a correlated subquery: DuckDB does not allow it inside
-- list lambdas, where every FHIR coding sits, and per CSV row each use costs a join (a fifth of the check
-- of a 1M network's CSV results batch). code_system_of() gives the same result from a MAP of the alias
-- table held in the session variable code_systems (FHIR: ~20 ms per 150k codings, where unnest + join +
-- re-aggregate took ~1.5 s).
SET VARIABLE code_systems = (SELECT map(list(alias), list(code_system)) FROM code_system_alias);

CREATE OR REPLACE TEMP MACRO code_system_of(s) AS
    coalesce(getvariable('code_systems')[lower(trim(s))], trim(s));
