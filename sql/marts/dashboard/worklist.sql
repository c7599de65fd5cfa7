-- The care-gap worklist of a run (worklist_gap), filtered and scoped to the viewer, soonest deadline first.
-- Grain: one row per open gap (measure x group x patient). Text columns come as their worklist_text codes
-- (worklist_text.sql gives the texts); dates as dates.
-- Parameters: $run_id (INTEGER); filters, each NULL for no filter: $measure_id, $group_id, $practice_id
--             ('Unattributed' = no attributed practice), $provider_id, $payer, $q (case-insensitive text in the
--             patient's name or id); $practice_ids (JSON array of the viewer's practices, NULL = every practice:
--             a practice user sees patients attributed to, or with a record at, one of them: worklist_gap_practice);
--             $limit (rows).
WITH scope AS (
    SELECT
        from_json($practice_ids::VARCHAR, '["VARCHAR"]') AS practice_ids
),
visible AS (                                        -- the gaps the viewer's practices may see (none when unscoped)
    SELECT DISTINCT
        v.patient_id_code,
        v.measure_id_code,
        v.group_id_code
    FROM worklist_gap_practice AS v
    WHERE v.run_id = $run_id::INTEGER
      AND v.practice_id IN (SELECT unnest(practice_ids) FROM scope)
)
SELECT
    g.patient_id_code AS patient_id,
    g.patient_name_code AS patient_name,
    g.birth_date,
    g.sex_code AS sex,
    g.measure_id_code AS measure_id,
    g.group_id_code AS group_id,
    g.practice_id_code AS practice_id,
    g.provider_id_code AS provider_id,
    g.gap_reason_code AS gap_reason,
    g.gap_text_code AS gap_text,
    g.evidence_date,
    g.evidence_value_code AS evidence_value,
    g.close_action_code AS close_action,
    g.close_by,
    g.last_visit
FROM worklist_gap AS g
CROSS JOIN scope AS s
LEFT JOIN visible AS v USING (patient_id_code, measure_id_code, group_id_code)  -- a hash probe, not a lookup per gap
WHERE g.run_id = $run_id::INTEGER
  AND ($measure_id::VARCHAR IS NULL OR g.measure_id = $measure_id::VARCHAR)
  AND ($group_id::VARCHAR IS NULL OR g.group_id = $group_id::VARCHAR)
  AND ($practice_id::VARCHAR IS NULL OR coalesce(g.practice_id, 'Unattributed') = $practice_id::VARCHAR)
  AND ($provider_id::VARCHAR IS NULL OR g.provider_id = $provider_id::VARCHAR)
  AND ($payer::VARCHAR IS NULL OR g.payer = $payer::VARCHAR)
  AND ($q::VARCHAR IS NULL
       OR contains(lower(g.patient_name), lower($q::VARCHAR))
       OR contains(lower(g.patient_id), lower($q::VARCHAR)))
  AND (s.practice_ids IS NULL OR v.patient_id_code IS NOT NULL)
ORDER BY                                            -- codes are in text order
    g.close_by NULLS LAST,
    g.patient_name_code NULLS LAST,
    g.patient_id_code,
    g.measure_id_code,
    g.group_id_code
LIMIT $limit::BIGINT;
