-- FHIR Medication -> medication, so MedicationRequest.medicationReference resolves to its codes.
-- Grain: one row per Medication line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Medication'
),
shaped AS (
    SELECT
        *,
        fhir_codings(r.code) AS codings
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_data_verdict(fhir_coding_error('Medication.code', codings), NULL) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS medication_id,
    practice_id,
    source_file_id,
    source_id,
    codings
FROM verdict;
