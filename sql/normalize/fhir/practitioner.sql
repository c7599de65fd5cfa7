-- FHIR Practitioner -> provider (NPI from identifier system http://hl7.org/fhir/sid/us-npi).
-- Grain: one row per Practitioner line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Specialty, from Practitioner.qualification.code.coding (US Core puts the NUCC taxonomy there; payer and
-- CMS feeds add the CMS provider specialty): the CMS specialty code when one is sent, else the first NUCC
-- taxonomy that provider_taxonomy_specialty (sql/seed) maps to one.
-- is_pcp: the specialty is a step-1 (primary care) specialty of primary_care_specialty, the MSSP list of
-- 42 CFR 425.20 / 425.402 that attribution loads; NULL while the specialty or that list is unknown
-- (provider_role reads the specialty itself, so a list loaded after the providers still counts).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "identifier": [{"system": "VARCHAR", "value": "VARCHAR"}],
            "name": [{"use": "VARCHAR", "family": "VARCHAR", "given": ["VARCHAR"]}],
            "qualification": [{"code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}]}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Practitioner'
),
crosswalk AS (
    SELECT map(list(taxonomy_code), list(specialty_code)) AS specialty_of_taxonomy
    FROM provider_taxonomy_specialty
),
shaped AS (
    SELECT
        source_file_id,
        practice_id,
        input_line_no,
        source_id,
        list_filter(r.identifier, i -> i.system = 'http://hl7.org/fhir/sid/us-npi')[1].value AS npi,
        coalesce(list_filter(r.name, n -> n.use = 'official')[1], r.name[1]) AS name,
        flatten(list_transform(r.qualification, q -> coalesce(q.code.coding, []))) AS codings
    FROM parsed
),
specialty AS (
    SELECT
        s.*,
        coalesce(
            nullif(trim(list_filter(s.codings,
                c -> lower(trim(c.system)) = 'https://bluebutton.cms.gov/resources/variables/prvdr_spclty')[1].code), ''),
            list_filter(
                list_transform(
                    list_filter(s.codings, c -> lower(trim(c.system)) IN ('http://nucc.org/provider-taxonomy', 'urn:oid:2.16.840.1.113883.6.101')),
                    c -> x.specialty_of_taxonomy[upper(trim(c.code))]),
                code -> code IS NOT NULL)[1]
        ) AS specialty_code
    FROM shaped s
    CROSS JOIN crosswalk x
)
SELECT
    input_line_no,
    NULL::VARCHAR AS reason,
    NULL::VARCHAR AS detail,
    practice_id || '/' || source_id AS provider_id,
    practice_id,
    source_file_id,
    source_id,
    npi,
    name.family AS family_name,
    name.given[1] AS given_name,
    specialty_code,
    CASE
        WHEN specialty_code IS NOT NULL AND EXISTS (SELECT 1 FROM primary_care_specialty)
            THEN lpad(specialty_code, 2, '0') IN (
                SELECT specialty_code FROM primary_care_specialty WHERE assignment_step = 1)
    END AS is_pcp
FROM specialty;
