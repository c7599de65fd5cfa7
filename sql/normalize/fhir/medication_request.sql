-- FHIR MedicationRequest (QI-Core) -> medication_request.
-- Grain: one row per MedicationRequest line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- The medication is medicationCodeableConcept, or medicationReference resolved against a contained
-- Medication ("#id") or a Medication loaded for the practice (this batch's Medications load first); a
-- reference that resolves to nothing is rejected as UnknownMedication (the request could match no
-- value set). Negation (QI-Core MedicationNotRequested): doNotPerform, reason in qicore-notDoneReason.
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
            "medicationCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "medicationReference": {"reference": "VARCHAR"},
            "contained": [{"resourceType": "VARCHAR", "id": "VARCHAR",
                           "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}],
            "subject": {"reference": "VARCHAR"},
            "encounter": {"reference": "VARCHAR"},
            "authoredOn": "VARCHAR",
            "reasonCode": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "requester": {"reference": "VARCHAR"},
            "dispenseRequest": {"expectedSupplyDuration": {"value": "DOUBLE", "unit": "VARCHAR", "code": "VARCHAR"}},
            "extension": [{"url": "VARCHAR",
                           "valueCodeableConcept": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'MedicationRequest'
),
resolved AS (
    SELECT
        p.*,
        fhir_ref_id(p.r.subject.reference) AS patient_id,
        fhir_instant(p.r.authoredOn) AS authored_on,
        CASE
            WHEN p.r.medicationReference.reference LIKE '#%'
                THEN fhir_codings(list_filter(p.r.contained, x -> '#' || x.id = p.r.medicationReference.reference)[1].code)
            WHEN p.r.medicationReference.reference IS NOT NULL
                THEN m.codings
            ELSE fhir_codings(p.r.medicationCodeableConcept)
        END AS medication_codings
    FROM parsed p
    LEFT JOIN medication m
        ON m.practice_id = p.practice_id
        AND m.source_id = fhir_ref_id(p.r.medicationReference.reference)
),
verdict AS (
    SELECT
        *,
        coalesce(
            fhir_verdict(
                'MedicationRequest.subject',
                r.subject.reference,
                fhir_patient_known(practice_id, r.subject.reference, patient_id),
                fhir_coding_error('MedicationRequest.medication', medication_codings),
                fhir_date_error('MedicationRequest.authoredOn', r.authoredOn, authored_on)
            ),
            CASE WHEN r.medicationReference.reference IS NOT NULL AND medication_codings IS NULL THEN {
                'reason': 'UnknownMedication',
                'detail': 'MedicationRequest.medicationReference ' || r.medicationReference.reference
                          || ' is not a Medication (with a code) loaded for this practice'
            } END
        ) AS v
    FROM resolved
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS medication_request_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_ref_key(practice_id, r.encounter.reference) AS encounter_id,
    r.status AS status,
    r.intent AS intent,
    coalesce(r.doNotPerform, false) AS do_not_perform,
    medication_codings,
    authored_on,
    fhir_codings_of(r.reasonCode) AS reason_codings,
    fhir_codings(fhir_extension(r.extension, 'notDoneReason').valueCodeableConcept) AS not_done_reason_codings,
    fhir_duration_days(
        r.dispenseRequest.expectedSupplyDuration.value,
        coalesce(r.dispenseRequest.expectedSupplyDuration.code, r.dispenseRequest.expectedSupplyDuration.unit)
    ) AS supply_days,
    fhir_typed_ref_key(practice_id, r.requester.reference, 'Practitioner') AS provider_id
FROM verdict;
