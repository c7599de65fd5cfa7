-- Drop the batch's temp objects so a large batch's lines do not outlive its load (run after the load's
-- transaction, committed or rolled back). No parameters.
DROP VIEW IF EXISTS fhir_resource;
DROP VIEW IF EXISTS fhir_line;
DROP TABLE IF EXISTS fhir_out;
DROP TABLE IF EXISTS fhir_loaded;
DROP TABLE IF EXISTS fhir_reject;
DROP TABLE IF EXISTS fhir_line_head;
DROP TABLE IF EXISTS fhir_read;
DROP TABLE IF EXISTS fhir_refused;
DROP TABLE IF EXISTS fhir_batch_file;
DROP TABLE IF EXISTS fhir_read_errors;
DROP TABLE IF EXISTS fhir_read_scans;
