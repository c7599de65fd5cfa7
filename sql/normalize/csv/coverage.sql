-- CSV coverage -> coverage rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime(start_date, $date_formats) AS start_at,
        try_strptime(end_date, $date_formats) AS end_at
    FROM csv_row
)
SELECT
    source_line,
    coverage_id AS record_id,
    coalesce(
        csv_required(coverage_id, 'coverage_id'),
        csv_required(patient_id, 'patient_id'),
        csv_required(payer_name, 'payer_name'),
        csv_required(start_date, 'start_date'),
        csv_invalid_date(start_date, start_at, 'start_date'),
        csv_invalid_date(end_date, end_at, 'end_date'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, coverage_id) AS coverage_id,
    practice_id,
    source_file_id,
    coverage_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    'active' AS status,
    csv_coding('SOP', payer_type_code, NULL) AS type_codings,
    payer_name,
    payer_id,
    product,
    subscriber_id,
    start_at AS period_start,
    end_at AS period_end
FROM parsed;
