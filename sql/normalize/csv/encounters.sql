-- CSV encounters -> encounter rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime("start", $date_formats) AS start_at,
        try_strptime("end", $date_formats) AS end_at
    FROM csv_row
)
SELECT
    source_line,
    encounter_id AS record_id,
    coalesce(
        csv_required(encounter_id, 'encounter_id'),
        csv_required(patient_id, 'patient_id'),
        csv_required("start", 'start'),
        csv_required(code, 'code'),
        csv_code_without_system(code_system, code, 'code'),
        csv_invalid_date("start", start_at, 'start'),
        csv_invalid_date("end", end_at, 'end'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, encounter_id) AS encounter_id,
    practice_id,
    source_file_id,
    encounter_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    coalesce(lower(status), 'finished') AS status,
    upper("class") AS class_code,
    csv_coding(code_system, code, display) AS type_codings,
    start_at AS period_start,
    end_at AS period_end,
    csv_coding('NUBC', discharge_code, NULL) AS discharge_disposition,
    csv_provider_id(practice_id, provider_npi) AS provider_id
FROM parsed;
