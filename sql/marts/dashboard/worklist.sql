-- The care-gap worklist of a run, filtered and scoped to the viewer, soonest deadline first: every open gap
-- (worklist_gap) for an unscoped viewer; for a practice user the gaps their practices may see
-- (worklist_gap_seen, stored per seeing practice in worklist order: only those practices' row groups are read).
-- Grain: one row per open gap (measure x group x patient). Text columns come as their worklist_text codes
-- (server/marts/worklist-text.ts gives the texts); dates as dates.
-- Parameters: $run_id (INTEGER); filters, each NULL for no filter: $measure_id, $group_id, $practice_id
--             ('Unattributed' = no attributed practice), $provider_id, $payer, $q (case-insensitive text in the
--             patient's name or id); $practice_ids (JSON array of the viewer's practices, NULL = every practice:
--             a practice user sees patients attributed to, or with a record at, one of them); $limit (rows).
WITH scope AS (
    SELECT
        from_json($practice_ids::VARCHAR, '["VARCHAR"]') AS practice_ids
),
seen_by_one AS (                                    -- one practice: its rows as stored
    SELECT
        * EXCLUDE (seen_by)
    FROM worklist_gap_seen
    WHERE json_array_length($practice_ids::VARCHAR) = 1  -- parameter tests, so the branches not taken are planned away
      AND run_id = $run_id::INTEGER
      AND seen_by = ($practice_ids::JSON ->> 0)
),
seen_by_several AS (                                -- several: a gap seen by two of them counts once
    SELECT DISTINCT
        * EXCLUDE (seen_by)
    FROM worklist_gap_seen
    WHERE json_array_length($practice_ids::VARCHAR) > 1
      AND run_id = $run_id::INTEGER
      AND seen_by IN (SELECT unnest(practice_ids) FROM scope)
),
gap AS (
    SELECT * FROM seen_by_one
    UNION ALL BY NAME
    SELECT * FROM seen_by_several
    UNION ALL BY NAME
    SELECT * EXCLUDE (record_practice_ids)
    FROM worklist_gap
    WHERE $practice_ids::VARCHAR IS NULL
      AND run_id = $run_id::INTEGER
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
FROM gap AS g
WHERE ($measure_id::VARCHAR IS NULL OR g.measure_id = $measure_id::VARCHAR)
  AND ($group_id::VARCHAR IS NULL OR g.group_id = $group_id::VARCHAR)
  AND CASE                                          -- folds to one comparison: worklist_gap's zonemaps (practice order) apply
          WHEN $practice_id::VARCHAR IS NULL THEN true
          WHEN $practice_id::VARCHAR = 'Unattributed' THEN g.practice_id IS NULL
          ELSE g.practice_id = $practice_id::VARCHAR
      END
  AND ($provider_id::VARCHAR IS NULL OR g.provider_id = $provider_id::VARCHAR)
  AND ($payer::VARCHAR IS NULL OR g.payer = $payer::VARCHAR)
  AND ($q::VARCHAR IS NULL
       OR contains(lower(g.patient_name), lower($q::VARCHAR))
       OR contains(lower(g.patient_id), lower($q::VARCHAR)))
ORDER BY                                            -- codes are in text order
    g.close_by NULLS LAST,
    g.patient_name_code NULLS LAST,
    g.patient_id_code,
    g.measure_id_code,
    g.group_id_code
LIMIT $limit::BIGINT;
