-- CSV diagnoses -> condition rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime(onset_date, $date_formats) AS onset_at,
        try_strptime(abatement_date, $date_formats) AS abatement_at,
        try_strptime(recorded_date, $date_formats) AS recorded_at
    FROM csv_row
)
SELECT
    source_line,
    diagnosis_id AS record_id,
    coalesce(
        csv_required(diagnosis_id, 'diagnosis_id'),
        csv_required(patient_id, 'patient_id'),
        csv_required(code, 'code'),
        csv_required(onset_date, 'onset_date'),
        csv_code_without_system(code_system, code, 'code'),
        csv_invalid_date(onset_date, onset_at, 'onset_date'),
        csv_invalid_date(abatement_date, abatement_at, 'abatement_date'),
        csv_invalid_date(recorded_date, recorded_at, 'recorded_date'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, diagnosis_id) AS condition_id,
    practice_id,
    source_file_id,
    diagnosis_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    CASE WHEN category IS NOT NULL THEN [lower(category)] END AS category_codes,
    lower(clinical_status) AS clinical_status,
    csv_coding(code_system, code, display) AS codings,
    onset_at AS onset_start,
    abatement_at AS abatement_start,
    recorded_at
FROM parsed;
