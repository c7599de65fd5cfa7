-- Patient-level results for FHIR MeasureReports (subject lists, individual reports, gaps-in-care bundles).
-- Grain: one row per measure x population group x patient in the initial population (measure_result).
-- Parameters: $run_id (INTEGER), $measure_ids (JSON array of registry ids), $practice_id and $provider_id
-- (attributed entity, NULL = any), $payer ('*' or an SOP payer type; 'Unknown' = none recorded),
-- $patient_id (NULL = every patient), $practice_ids (the viewer's scope, server/auth/viewer.ts: NULL =
-- every practice; else the patient must be attributed to, or have a patient_record at, one of them).
SELECT
    m.measure_id,
    m.group_id,
    m.patient_id,
    p.family_name,
    p.given_name,
    p.birth_date,
    p.sex,
    m.initial_population,
    m.denominator,
    m.denominator_exclusion,
    m.denominator_exception,
    m.numerator,
    m.gap,
    m.stratum,
    m.payer,
    m.practice_id,
    m.provider_id,
    m.evidence_date,
    m.evidence_value,
    m.exclusion_reason,
    m.gap_reason,
    m.gap_text,
    m.close_by,
    m.close_action
FROM measure_result AS m
JOIN patient AS p
    ON p.patient_id = m.patient_id
WHERE m.run_id = $run_id::INTEGER
  AND list_contains(from_json($measure_ids::VARCHAR, '["VARCHAR"]'), m.measure_id)
  AND ($practice_id::VARCHAR IS NULL OR m.practice_id = $practice_id::VARCHAR)
  AND ($provider_id::VARCHAR IS NULL OR m.provider_id = $provider_id::VARCHAR)
  AND ($payer::VARCHAR = '*' OR coalesce(m.payer, 'Unknown') = $payer::VARCHAR)
  AND ($patient_id::VARCHAR IS NULL OR m.patient_id = $patient_id::VARCHAR)
  AND (
        $practice_ids::VARCHAR IS NULL
        OR list_contains(from_json($practice_ids::VARCHAR, '["VARCHAR"]'), m.practice_id)
        OR EXISTS (
            SELECT 1
            FROM patient_link AS l
            JOIN patient_record AS r
                ON r.patient_record_id = l.patient_record_id
            WHERE l.patient_id = m.patient_id
              AND list_contains(from_json($practice_ids::VARCHAR, '["VARCHAR"]'), r.practice_id)
        )
  )
ORDER BY
    m.measure_id,
    m.group_id,
    m.patient_id;
