-- FHIR DeviceRequest (QI-Core) -> device_request.
-- Grain: one row per DeviceRequest line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Negation (QI-Core DeviceNotRequested): R4 DeviceRequest has no doNotPerform element, so it is sent as a
-- modifierExtension (qicore-doNotPerform, or the FHIR 5.0 cross-version extension-DeviceRequest.doNotPerform);
-- its reason as the qicore-doNotPerformReason (or notDoneReason) extension.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "intent": "VARCHAR",
            "codeCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "subject": {"reference": "VARCHAR"},
            "authoredOn": "VARCHAR",
            "modifierExtension": [{"url": "VARCHAR", "valueBoolean": "BOOLEAN"}],
            "extension": [{"url": "VARCHAR",
                           "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'DeviceRequest'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings(r.codeCodeableConcept) AS codings,
        fhir_instant(r.authoredOn) AS authored_on
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'DeviceRequest.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('DeviceRequest.codeCodeableConcept', codings),
            fhir_date_error('DeviceRequest.authoredOn', r.authoredOn, authored_on)
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS device_request_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    r.status AS status,
    r.intent AS intent,
    coalesce(fhir_extension(r.modifierExtension, 'doNotPerform').valueBoolean, false) AS do_not_perform,
    codings,
    authored_on,
    coalesce(
        fhir_codings(fhir_extension(r.extension, 'doNotPerformReason').valueCodeableConcept),
        fhir_codings(fhir_extension(r.extension, 'notDoneReason').valueCodeableConcept)
    ) AS not_done_reason_codings
FROM verdict;
