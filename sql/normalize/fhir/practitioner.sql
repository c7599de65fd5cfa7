-- FHIR Practitioner -> provider (NPI from identifier system http://hl7.org/fhir/sid/us-npi).
-- Grain: one row per Practitioner line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: $practice_id, $source_file_id.
WITH parsed AS (
    SELECT
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "identifier": [{"system": "VARCHAR", "value": "VARCHAR"}],
            "name": [{"use": "VARCHAR", "family": "VARCHAR", "given": ["VARCHAR"]}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Practitioner'
),
shaped AS (
    SELECT
        input_line_no,
        source_id,
        list_filter(r.identifier, i -> i.system = 'http://hl7.org/fhir/sid/us-npi')[1].value AS npi,
        coalesce(list_filter(r.name, n -> n.use = 'official')[1], r.name[1]) AS name
    FROM parsed
)
SELECT
    input_line_no,
    NULL::VARCHAR AS reason,
    NULL::VARCHAR AS detail,
    $practice_id || '/' || source_id AS provider_id,
    $practice_id AS practice_id,
    $source_file_id AS source_file_id,
    source_id,
    npi,
    name.family AS family_name,
    name.given[1] AS given_name,
    NULL::VARCHAR AS specialty_code,      -- a Practitioner carries no specialty (PractitionerRole does)
    NULL::BOOLEAN AS is_pcp
FROM shaped;
