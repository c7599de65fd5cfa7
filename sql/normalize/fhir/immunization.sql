-- FHIR Immunization (QI-Core) -> immunization.
-- Grain: one row per Immunization line of the batch (fhir_resource); reason/detail set when rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Negation (QI-Core ImmunizationNotDone): status 'not-done', reason in statusReason. occurrenceString
-- (free text) gives no occurrence_at.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "statusReason": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "vaccineCode": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "patient": {"reference": "VARCHAR"},
            "occurrenceDateTime": "VARCHAR",
            "recorded": "VARCHAR"
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Immunization'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.patient.reference) AS patient_id,
        fhir_codings(r.vaccineCode) AS vaccine_codings,
        fhir_instant(r.occurrenceDateTime) AS occurrence_at,
        fhir_instant(r.recorded) AS recorded_at
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Immunization.patient',
            r.patient.reference,
            fhir_patient_known(practice_id, r.patient.reference, patient_id),
            fhir_coding_error('Immunization.vaccineCode', vaccine_codings),
            coalesce(fhir_date_error('Immunization.occurrenceDateTime', r.occurrenceDateTime, occurrence_at),
                     fhir_date_error('Immunization.recorded', r.recorded, recorded_at))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS immunization_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    r.status AS status,
    vaccine_codings,
    occurrence_at,
    recorded_at,
    fhir_codings(r.statusReason) AS not_done_reason_codings
FROM verdict;
