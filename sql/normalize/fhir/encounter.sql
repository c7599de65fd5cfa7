-- FHIR Encounter (QI-Core) -> encounter.
-- Grain: one row per Encounter line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "class": {"system": "VARCHAR", "code": "VARCHAR"},
            "type": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "subject": {"reference": "VARCHAR"},
            "participant": [{"individual": {"reference": "VARCHAR"}}],
            "period": {"start": "VARCHAR", "end": "VARCHAR"},
            "hospitalization": {"dischargeDisposition": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}},
            "diagnosis": [{"condition": {"reference": "VARCHAR"}}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Encounter'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings_of(r.type) AS type_codings,
        fhir_instant(r.period.start) AS period_start,
        fhir_instant(r.period.end) AS period_end
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Encounter.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('Encounter.type', type_codings),
            coalesce(fhir_date_error('Encounter.period.start', r.period.start, period_start),
                     fhir_date_error('Encounter.period.end', r.period.end, period_end))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS encounter_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    r.status AS status,
    r.class.code AS class_code,
    type_codings,
    period_start,
    period_end,
    fhir_codings(r.hospitalization.dischargeDisposition) AS discharge_disposition,
    list_transform(r.diagnosis, d -> fhir_ref_key(practice_id, d.condition.reference)) AS diagnosis_condition_ids,
    fhir_ref_key(
        practice_id,
        list_filter(r.participant, p -> fhir_ref_type(p.individual.reference) IN ('Practitioner', ''))[1].individual.reference
    ) AS provider_id
FROM verdict;
