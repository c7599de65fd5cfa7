-- FHIR ServiceRequest (QI-Core: referrals, orders, interventions) -> service_request.
-- Grain: one row per ServiceRequest line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Negation (QI-Core ServiceNotRequested): doNotPerform; its reason is the qicore-doNotPerformReason
-- extension, or qicore-reasonRefused when the patient refused.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "intent": "VARCHAR",
            "doNotPerform": "BOOLEAN",
            "category": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}],
            "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "subject": {"reference": "VARCHAR"},
            "encounter": {"reference": "VARCHAR"},
            "authoredOn": "VARCHAR",
            "reasonCode": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "requester": {"reference": "VARCHAR"},
            "extension": [{"url": "VARCHAR",
                           "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'ServiceRequest'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings(r.code) AS codings,
        fhir_instant(r.authoredOn) AS authored_on
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'ServiceRequest.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('ServiceRequest.code', codings),
            fhir_date_error('ServiceRequest.authoredOn', r.authoredOn, authored_on)
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS service_request_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_ref_key(practice_id, r.encounter.reference) AS encounter_id,
    r.status AS status,
    r.intent AS intent,
    coalesce(r.doNotPerform, false) AS do_not_perform,
    fhir_codes_of(r.category) AS category_codes,
    codings,
    authored_on,
    fhir_codings_of(r.reasonCode) AS reason_codings,
    list_concat(
        fhir_codings(fhir_extension(r.extension, 'doNotPerformReason').valueCodeableConcept),
        fhir_codings(fhir_extension(r.extension, 'reasonRefused').valueCodeableConcept)
    ) AS not_done_reason_codings,
    fhir_typed_ref_key(practice_id, r.requester.reference, 'Practitioner') AS provider_id
FROM verdict;
