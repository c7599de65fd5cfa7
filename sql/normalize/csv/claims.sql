-- CSV claims -> claim_line rows (docs/csv-extract.md), each with its first failed check.
-- A claim's lines share source_id (the claim id), so a newer file replaces the whole claim.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime(service_from, $date_formats) AS service_from_at,
        try_strptime(service_to, $date_formats) AS service_to_at,
        TRY_CAST(line_no AS INTEGER) AS line_number,
        TRY_CAST(units AS DOUBLE) AS units_number,
        TRY_CAST(allowed_amount AS DECIMAL(14, 2)) AS allowed,
        TRY_CAST(paid_amount AS DECIMAL(14, 2)) AS paid
    FROM csv_row
)
SELECT
    source_line,
    claim_id || ':' || line_no AS record_id,
    coalesce(
        csv_required(claim_id, 'claim_id'),
        csv_required(line_no, 'line_no'),
        csv_required(patient_id, 'patient_id'),
        csv_required(service_from, 'service_from'),
        csv_required(allowed_amount, 'allowed_amount'),
        csv_required(paid_amount, 'paid_amount'),
        csv_code_without_system(procedure_system, procedure_code, 'procedure_code'),
        csv_invalid_date(service_from, service_from_at, 'service_from'),
        csv_invalid_date(service_to, service_to_at, 'service_to'),
        csv_invalid_number(line_no, line_number, 'line_no'),
        csv_invalid_number(units, units_number, 'units'),
        csv_invalid_number(allowed_amount, allowed, 'allowed_amount'),
        csv_invalid_number(paid_amount, paid, 'paid_amount'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, claim_id) AS claim_id,
    line_number AS line_no,
    practice_id,
    source_file_id,
    claim_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    lower(claim_type) AS claim_type,
    service_from_at::DATE AS service_from,
    service_to_at::DATE AS service_to,
    rendering_npi,
    billing_tin,
    place_of_service,
    code_system_of(procedure_system) AS procedure_system,
    procedure_code,
    revenue_code,
    csv_list(diagnosis_codes) AS diagnosis_codes,
    units_number AS units,
    allowed AS allowed_amount,
    paid AS paid_amount
FROM parsed;
