-- CSV medications -> medication_request rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
-- period_start, period_end: the request's period as CumulativeMedicationDuration medicationRequestPeriod()
-- computes it (sql/normalize/fhir/medication_request.sql) from what the CSV spec has: startDate = the date of
-- authored_date (no dosage bounds or validity period), totalDaysSupplied = supply_days (no refills, quantity
-- or dosage columns: refills count only when supply_days includes them), so
-- Interval[authored date, authored date + (supply_days - 1) days], the decimal part ignored; null without
-- supply_days (or with an end the date type cannot hold, or before the start).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime(authored_date, $date_formats) AS authored_at,
        TRY_CAST(supply_days AS DOUBLE) AS supply_days_number
    FROM csv_row
),
dated AS (
    SELECT
        *,
        try(authored_at::DATE + CAST(trunc(supply_days_number - 1) AS INTEGER)) AS supply_end
    FROM parsed
)
SELECT
    source_line,
    medication_id AS record_id,
    coalesce(
        csv_required(medication_id, 'medication_id'),
        csv_required(patient_id, 'patient_id'),
        csv_required(code, 'code'),
        csv_required(authored_date, 'authored_date'),
        csv_code_without_system(code_system, code, 'code'),
        csv_invalid_date(authored_date, authored_at, 'authored_date'),
        csv_invalid_number(supply_days, supply_days_number, 'supply_days'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, medication_id) AS medication_request_id,
    practice_id,
    source_file_id,
    medication_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    csv_key(practice_id, encounter_id) AS encounter_id,
    coalesce(lower(status), 'active') AS status,
    coalesce(lower(intent), 'order') AS intent,
    csv_coding(code_system, code, display) AS medication_codings,
    authored_at AS authored_on,
    supply_days_number AS supply_days,
    CASE WHEN supply_end >= authored_at::DATE THEN authored_at::DATE END AS period_start,
    CASE WHEN supply_end >= authored_at::DATE THEN supply_end END AS period_end,
    csv_provider_id(practice_id, provider_npi) AS provider_id
FROM dated;
