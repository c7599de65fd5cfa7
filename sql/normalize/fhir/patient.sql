-- FHIR Patient (US Core / QI-Core) -> patient_record.
-- Grain: one row per Patient line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "identifier": [{"system": "VARCHAR", "value": "VARCHAR",
                            "type": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}}],
            "active": "BOOLEAN",
            "name": [{"use": "VARCHAR", "family": "VARCHAR", "given": ["VARCHAR"]}],
            "telecom": [{"system": "VARCHAR", "value": "VARCHAR"}],
            "gender": "VARCHAR",
            "birthDate": "VARCHAR",
            "deceasedBoolean": "BOOLEAN",
            "deceasedDateTime": "VARCHAR",
            "address": [{"use": "VARCHAR", "line": ["VARCHAR"], "city": "VARCHAR", "state": "VARCHAR", "postalCode": "VARCHAR"}],
            "generalPractitioner": [{"reference": "VARCHAR"}],
            "extension": [{"url": "VARCHAR", "valueCode": "VARCHAR", "valueCoding": {"system": "VARCHAR", "code": "VARCHAR"},
                           "extension": [{"url": "VARCHAR", "valueCoding": {"system": "VARCHAR", "code": "VARCHAR"}}]}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Patient'
),
shaped AS (
    SELECT
        source_file_id,
        practice_id,
        input_line_no,
        source_id,
        r,
        -- Identifier kinds: MBI by its CMS system; member/subscriber and medical record numbers by the
        -- v2-0203 identifier type (MB/SN, MR). Without a typed MRN the first other identifier is the MRN.
        list_filter(r.identifier, i -> i.system = 'http://hl7.org/fhir/sid/us-mbi')[1].value AS mbi,
        list_filter(r.identifier, i -> list_has_any(list_transform(i.type.coding, c -> c.code), ['MB', 'SN']))[1].value AS member_id,
        coalesce(
            list_filter(r.identifier, i -> list_contains(list_transform(i.type.coding, c -> c.code), 'MR'))[1].value,
            list_filter(r.identifier, i -> coalesce(i.system, '') <> 'http://hl7.org/fhir/sid/us-mbi'
                                           AND i.type IS NULL)[1].value
        ) AS mrn,
        coalesce(list_filter(r.name, n -> n.use = 'official')[1], r.name[1]) AS name,
        coalesce(list_filter(r.address, a -> a.use = 'home')[1], r.address[1]) AS address,
        -- US Core race/ethnicity: OMB category and detailed CDC codes. One fixture family sends race under
        -- the value set URL ".../ValueSet/omb-race-category"; it carries the same sub-extensions.
        flatten(list_transform(
            list_filter(r.extension, e -> e.url LIKE '%/us-core-race' OR e.url LIKE '%/omb-race-category'),
            e -> list_transform(list_filter(e.extension, x -> x.url IN ('ombCategory', 'detailed') AND x.valueCoding.code IS NOT NULL),
                                x -> x.valueCoding.code))) AS race_codes,
        flatten(list_transform(
            list_filter(r.extension, e -> e.url LIKE '%/us-core-ethnicity'),
            e -> list_transform(list_filter(e.extension, x -> x.url IN ('ombCategory', 'detailed') AND x.valueCoding.code IS NOT NULL),
                                x -> x.valueCoding.code))) AS ethnicity_codes,
        fhir_instant(r.birthDate) AS birth_at,
        fhir_instant(r.deceasedDateTime) AS deceased_at
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_data_verdict(
            NULL,
            coalesce(fhir_date_error('Patient.birthDate', r.birthDate, birth_at),
                     fhir_date_error('Patient.deceasedDateTime', r.deceasedDateTime, deceased_at))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS patient_record_id,
    practice_id,
    source_file_id,
    source_id,
    mrn,
    mbi,
    member_id,
    name.family AS family_name,
    name.given AS given_names,
    birth_at::DATE AS birth_date,
    r.gender AS sex,
    -- US Core sex (QI-Core Patient.sex, which CMS124/CMS125 test): valueCode, or valueCoding in later US Core.
    coalesce(list_filter(r.extension, e -> e.url LIKE '%/us-core-sex')[1].valueCode,
             list_filter(r.extension, e -> e.url LIKE '%/us-core-sex')[1].valueCoding.code) AS sex_code,
    race_codes,
    ethnicity_codes,
    array_to_string(address.line, ', ') AS address_line,
    address.city AS city,
    address.state AS state,
    address.postalCode AS zip,
    list_filter(r.telecom, t -> t.system = 'phone')[1].value AS phone,
    deceased_at,
    coalesce(r.deceasedBoolean, r.deceasedDateTime IS NOT NULL) AS deceased,
    r.active AS active,
    fhir_ref_key(practice_id, list_filter(r.generalPractitioner, g -> fhir_ref_type(g.reference) IN ('Practitioner', ''))[1].reference) AS pcp_provider_id
FROM verdict;
