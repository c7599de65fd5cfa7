-- CSV results -> observation rows (docs/csv-extract.md), each with its first failed check.
-- A row with systolic/diastolic is a blood pressure: LOINC 85354-9 panel with the two components,
-- systolic/diastolic filled (the sent coding, if any, is kept beside the panel code).
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- Parameters: $date_formats (strptime formats tried in order; practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
WITH parsed AS (
    SELECT
        *,
        try_strptime("date", $date_formats) AS effective_at,
        TRY_CAST("value" AS DOUBLE) AS value_number,
        TRY_CAST(systolic AS DOUBLE) AS systolic_number,
        TRY_CAST(diastolic AS DOUBLE) AS diastolic_number,
        systolic IS NOT NULL OR diastolic IS NOT NULL AS is_blood_pressure
    FROM csv_row
)
SELECT
    source_line,
    result_id AS record_id,
    coalesce(
        csv_required(result_id, 'result_id'),
        csv_required(patient_id, 'patient_id'),
        CASE WHEN NOT is_blood_pressure THEN csv_required(code, 'code') END,
        csv_required("date", 'date'),
        csv_code_without_system(code_system, code, 'code'),
        csv_code_without_system(value_code_system, value_code, 'value_code'),
        csv_invalid_date("date", effective_at, 'date'),
        csv_invalid_number("value", value_number, 'value'),
        csv_invalid_number(systolic, systolic_number, 'systolic'),
        csv_invalid_number(diastolic, diastolic_number, 'diastolic'),
        csv_unknown_patient(practice_id, patient_id)
    ) AS problem,
    csv_key(practice_id, result_id) AS observation_id,
    practice_id,
    source_file_id,
    result_id AS source_id,
    csv_key(practice_id, patient_id) AS patient_record_id,
    csv_key(practice_id, encounter_id) AS encounter_id,
    coalesce(lower(status), 'final') AS status,
    CASE
        WHEN category IS NOT NULL THEN [lower(category)]
        WHEN is_blood_pressure THEN ['vital-signs']
    END AS category_codes,
    CASE
        WHEN is_blood_pressure
        THEN list_concat(
            [{'system': 'LOINC', 'code': '85354-9', 'display': 'Blood pressure panel with all children optional'}],
            list_filter(coalesce(csv_coding(code_system, code, display), []), c -> c.code <> '85354-9'))
        ELSE csv_coding(code_system, code, display)
    END AS codings,
    effective_at AS effective_start,
    effective_at AS effective_end,
    value_number AS value_num,
    unit AS value_unit,
    csv_coding(value_code_system, value_code, NULL) AS value_codings,
    value_text AS value_string,
    -- CQL `value is not null` (sql/normalize/fhir/observation.sql): a number, a coded or a text result; a unit
    -- alone is no value (FHIRHelpers ToQuantity is null without a value), nor is a blood pressure's reading.
    value_number IS NOT NULL OR value_code IS NOT NULL OR value_text IS NOT NULL AS has_value,
    systolic_number AS systolic,
    diastolic_number AS diastolic,
    CASE WHEN is_blood_pressure THEN [
        {'codings': [{'system': 'LOINC', 'code': '8480-6', 'display': 'Systolic blood pressure'}],
         'value_num': systolic_number, 'value_unit': 'mm[Hg]'},
        {'codings': [{'system': 'LOINC', 'code': '8462-4', 'display': 'Diastolic blood pressure'}],
         'value_num': diastolic_number, 'value_unit': 'mm[Hg]'}
    ] END AS components
FROM parsed;
