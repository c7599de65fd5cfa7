-- CSV procedures -> procedure rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime("date", $date_formats) AS performed_at,
        try_strptime(end_date, $date_formats) AS performed_end_at
    FROM csv_row
)
SELECT
    source_line,
    procedure_id AS record_id,
    coalesce(
        csv_required(procedure_id, 'procedure_id'),
        csv_required(patient_id, 'patient_id'),
        csv_required(code, 'code'),
        csv_required("date", 'date'),
        csv_code_without_system(code_system, code, 'code'),
        csv_invalid_date("date", performed_at, 'date'),
        csv_invalid_date(end_date, performed_end_at, 'end_date'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, procedure_id) AS procedure_id,
    practice_id,
    source_file_id,
    procedure_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    csv_key(practice_id, encounter_id) AS encounter_id,
    coalesce(lower(status), 'completed') AS status,
    csv_coding(code_system, code, display) AS codings,
    csv_coding('SNOMEDCT', body_site_code, NULL) AS body_site_codings,
    performed_at AS performed_start,
    coalesce(performed_end_at, performed_at) AS performed_end,  -- one date: a point in time, as FHIR performedDateTime
    coalesce(lower(status) = 'not-done', false) AS not_done,
    csv_provider_id(practice_id, provider_npi) AS provider_id
FROM parsed;
