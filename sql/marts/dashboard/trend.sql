-- Year-to-date trend of one scope of a run (measure_trend), for one measure group or all of them.
-- Grain: one row per measure x group x month end.
-- Parameters: $run_id (INTEGER), $entity_type ('network' | 'practice'), $entity_id ('*' or a practice id),
--             $payer ('*' or a payer), $measure_id and $group_id (VARCHAR, or NULL for every one).
SELECT
    measure_id,
    group_id,
    month_end,
    numerator,
    performance_denominator,
    performance_rate
FROM measure_trend
WHERE run_id = $run_id::INTEGER
  AND entity_type = $entity_type::VARCHAR
  AND entity_id = $entity_id::VARCHAR
  AND payer = $payer::VARCHAR
  AND ($measure_id::VARCHAR IS NULL OR measure_id = $measure_id::VARCHAR)
  AND ($group_id::VARCHAR IS NULL OR group_id = $group_id::VARCHAR)
ORDER BY
    measure_id,
    group_id,
    month_end;
