-- CSV patients -> patient_record rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime(birth_date, $date_formats) AS birth_at,
        try_strptime(deceased_date, $date_formats) AS deceased_at,
        lower(sex) AS sex_sent
    FROM csv_row
)
SELECT
    source_line,
    patient_id AS record_id,
    coalesce(
        csv_required(patient_id, 'patient_id'),
        csv_required(family_name, 'family_name'),
        csv_required(given_name, 'given_name'),
        csv_required(birth_date, 'birth_date'),
        csv_required(sex, 'sex'),
        csv_invalid_date(birth_date, birth_at, 'birth_date'),
        csv_invalid_date(deceased_date, deceased_at, 'deceased_date')
    ) AS problem,
    csv_key(practice_id, patient_id) AS patient_record_id,
    practice_id,
    source_file_id,
    patient_id AS source_id,
    mrn,
    mbi,
    member_id,
    family_name,
    list_filter([given_name, middle_name], n -> n IS NOT NULL) AS given_names,
    birth_at::DATE AS birth_date,
    -- FHIR administrative gender; local codes are mapped first by the mapping file's `values`
    CASE
        WHEN sex_sent IN ('m', 'male') THEN 'male'
        WHEN sex_sent IN ('f', 'female') THEN 'female'
        WHEN sex_sent IN ('o', 'other') THEN 'other'
        ELSE 'unknown'
    END AS sex,
    csv_list(race_code) AS race_codes,
    csv_list(ethnicity_code) AS ethnicity_codes,
    address_line,
    city,
    state,
    zip,
    phone,
    deceased_at,
    deceased_at IS NOT NULL AS deceased,
    true AS active,
    csv_provider_id(practice_id, pcp_npi) AS pcp_provider_id
FROM parsed;
