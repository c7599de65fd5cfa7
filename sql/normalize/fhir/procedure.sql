-- FHIR Procedure (QI-Core) -> procedure.
-- Grain: one row per Procedure line of the batch (fhir_resource); reason/detail set when it is rejected.
-- Parameters: none (practice_id and source_file_id are columns of fhir_resource).
-- Negation (QI-Core ProcedureNotDone): status 'not-done' makes not_done; statusReason gives its reason.
-- recorded_at: the qicore-recorded extension.
WITH parsed AS (
    SELECT
        source_file_id,
        practice_id,
        line_no AS input_line_no,
        source_id,
        json_transform(raw, '{
            "status": "VARCHAR",
            "statusReason": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "code": {"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"},
            "subject": {"reference": "VARCHAR"},
            "encounter": {"reference": "VARCHAR"},
            "performedDateTime": "VARCHAR",
            "performedPeriod": {"start": "VARCHAR", "end": "VARCHAR"},
            "bodySite": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "reasonCode": [{"coding": [{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}], "text": "VARCHAR"}],
            "performer": [{"actor": {"reference": "VARCHAR"}}],
            "extension": [{"url": "VARCHAR", "valueDateTime": "VARCHAR"}]
        }') AS r
    FROM fhir_resource
    WHERE resource_type = 'Procedure'
),
shaped AS (
    SELECT
        *,
        fhir_ref_id(r.subject.reference) AS patient_id,
        fhir_codings(r.code) AS codings,
        -- performed[x]: a dateTime (a point in time), or a period.
        coalesce(r.performedDateTime, r.performedPeriod.start) AS performed_text,
        fhir_instant(performed_text) AS performed_start,
        fhir_instant(r.performedPeriod.end) AS period_end,
        fhir_extension(r.extension, '/qicore-recorded').valueDateTime AS recorded_text,
        fhir_instant(recorded_text) AS recorded_at
    FROM parsed
),
verdict AS (
    SELECT
        *,
        fhir_verdict(
            'Procedure.subject',
            r.subject.reference,
            fhir_patient_known(practice_id, r.subject.reference, patient_id),
            fhir_coding_error('Procedure.code', codings),
            coalesce(fhir_date_error('Procedure.performed', performed_text, performed_start),
                     fhir_date_error('Procedure.performedPeriod.end', r.performedPeriod.end, period_end),
                     fhir_date_error('Procedure.extension(qicore-recorded)', recorded_text, recorded_at))
        ) AS v
    FROM shaped
)
SELECT
    input_line_no,
    v.reason,
    v.detail,
    practice_id || '/' || source_id AS procedure_id,
    practice_id,
    source_file_id,
    source_id,
    practice_id || '/' || patient_id AS patient_record_id,
    fhir_ref_key(practice_id, r.encounter.reference) AS encounter_id,
    r.status AS status,
    codings,
    fhir_codings_of(r.bodySite) AS body_site_codings,
    performed_start,
    -- A point in time ends when it starts; a period ends at its end (NULL while open).
    CASE WHEN r.performedPeriod IS NOT NULL THEN period_end ELSE performed_start END AS performed_end,
    recorded_at,
    fhir_codings_of(r.reasonCode) AS reason_codings,
    coalesce(r.status, '') = 'not-done' AS not_done,
    fhir_codings(r.statusReason) AS not_done_reason_codings,
    fhir_ref_key(
        practice_id,
        list_filter(r.performer, p -> fhir_ref_type(p.actor.reference) IN ('Practitioner', ''))[1].actor.reference
    ) AS provider_id
FROM verdict;
