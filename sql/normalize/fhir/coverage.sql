-- FHIR Coverage (QI-Core) -> coverage.
-- Grain: one row per Coverage line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- The payer is the first payor: its id, and its name from an Organization loaded for the practice (this
-- batch's Organizations load first) or the reference's display. The product is the plan class's name,
-- else the type's text or display.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "type": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "subscriberId": "VARCHAR",
            "identifier": [{"system": "VARCHAR", "value": "VARCHAR"}],
            "beneficiary": {"reference": "VARCHAR"},
            "period": {"start": "VARCHAR", "end": "VARCHAR"},
            "payor": [{"reference": "VARCHAR", "display": "VARCHAR"}],
            "class": [{"type": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
                       "value": "VARCHAR", "name": "VARCHAR"}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Coverage'
),
payer AS (
    SELECT
        p.*,
        p.r.payor[1] AS payor,
        o.name AS organization_name,
        fhir_ref_id(p.r.beneficiary.reference) AS patient_id,
        fhir_codings(p.r.type) AS type_codings,
        fhir_instant(p.r.period.start) AS period_start,
        fhir_instant(p.r.period.end) AS period_end
    FROM parsed p
    LEFT JOIN organization o
        ON o.practice_id = p.practice_id
        AND o.source_id = fhir_typed_ref_id(p.r.payor[1].reference, 'Organization')
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Coverage.beneficiary',
            r.beneficiary.reference,
            fhir_patient_known(practice_id, r.beneficiary.reference, patient_id),
            fhir_coding_error('Coverage.type', type_codings),
            coalesce(fhir_date_error('Coverage.period.start', r.period.start, period_start),
                     fhir_date_error('Coverage.period.end', r.period.end, period_end))
        ) AS v
    FROM payer
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS coverage_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    r.status AS status,
    type_codings,
    coalesce(organization_name, payor.display) AS payer_name,
    fhir_ref_id(payor.reference) AS payer_id,
    coalesce(
        list_filter(r.class, c -> list_contains(fhir_codes_of([c.type]), 'plan'))[1].name,
        r.type.text,
        list_filter(r.type.coding, c -> c.display IS NOT NULL)[1].display
    ) AS product,
    coalesce(r.subscriberId, r.identifier[1].value) AS subscriber_id,
    period_start,
    period_end
FROM verdict;
