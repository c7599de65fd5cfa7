-- Year-to-date trend of the network or one practice from the run's trend mart (measure_trend,
-- sql/schema/12_dashboard_marts.sql), for one payer filter. The mart has no provider level: provider
-- exports carry no trend.
-- Grain: one row per measure x population group x month end.
-- Parameters: $run_id (INTEGER), $entity_type ('network' | 'practice'), $entity_id ('*' for the network),
-- $payer ('*' or an SOP payer type).
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
ORDER BY
    measure_id,
    group_id,
    month_end;
