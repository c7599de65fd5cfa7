-- FHIR Condition (QI-Core: problem list items, encounter diagnoses, health concerns) -> condition.
-- Grain: one row per Condition line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "clinicalStatus": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
            "verificationStatus": {"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"},
            "category": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR"}], "text": "VARCHAR"}],
            "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "bodySite": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "subject": {"reference": "VARCHAR"},
            "onsetDateTime": "VARCHAR",
            "onsetPeriod": {"start": "VARCHAR", "end": "VARCHAR"},
            "abatementDateTime": "VARCHAR",
            "abatementPeriod": {"start": "VARCHAR", "end": "VARCHAR"},
            "recordedDate": "VARCHAR"
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Condition'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings(r.code) AS codings,
        -- onset[x] / abatement[x]: a dateTime, or a period's start and end.
        coalesce(r.onsetDateTime, r.onsetPeriod.start) AS onset_text,
        coalesce(r.abatementDateTime, r.abatementPeriod.start) AS abatement_text,
        fhir_instant(onset_text) AS onset_start,
        fhir_instant(r.onsetPeriod.end) AS onset_end,
        fhir_instant(abatement_text) AS abatement_start,
        fhir_instant(r.abatementPeriod.end) AS abatement_end,
        fhir_instant(r.recordedDate) AS recorded_at
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Condition.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('Condition.code', codings),
            coalesce(fhir_date_error('Condition.onset', onset_text, onset_start),
                     fhir_date_error('Condition.onsetPeriod.end', r.onsetPeriod.end, onset_end),
                     fhir_date_error('Condition.abatement', abatement_text, abatement_start),
                     fhir_date_error('Condition.abatementPeriod.end', r.abatementPeriod.end, abatement_end),
                     fhir_date_error('Condition.recordedDate', r.recordedDate, recorded_at))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS condition_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_codes_of(r.category) AS category_codes,
    fhir_code(r.clinicalStatus) AS clinical_status,
    fhir_code(r.verificationStatus) AS verification_status,
    codings,
    fhir_codings_of(r.bodySite) AS body_site_codings,
    onset_start,
    onset_end,
    abatement_start,
    abatement_end,
    recorded_at
FROM verdict;
