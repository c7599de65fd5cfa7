-- FHIR Organization -> organization (providers' groups and payers).
-- Grain: one row per Organization line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "identifier": [{"system": "VARCHAR", "value": "VARCHAR"}],
            "name": "VARCHAR",
            "type": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Organization'
)
SELECT
    input_line_no,
    NULL::VARCHAR AS reason,
    NULL::VARCHAR AS detail,
    practice_id || '/' || source_id AS organization_id,
    practice_id,
    source_file_id,
    source_id,
    r.name AS name,
    -- NPI first, then any other identifier as sent (TIN, payer id).
    coalesce(
        list_filter(r.identifier, i -> i.system = 'http://hl7.org/fhir/sid/us-npi')[1].value,
        r.identifier[1].value
    ) AS identifier,
    fhir_codes_of(r.type)[1] AS type_code
FROM parsed;
