-- The rate cube's unstratified network and practice rows of one finished run (measure_rate, built just
-- before), in (entity, payer) order: what the overview, the measure page's practices and the filter lists read
-- (sql/schema/12_dashboard_marts.sql).
-- Grain: one measure_rate_scope row per entity (network '*' or practice) x payer x measure x group.
-- Parameters: $run_id (INTEGER).
INSERT INTO measure_rate_scope BY NAME
SELECT
    run_id,
    entity_type,
    entity_id,
    payer,
    measure_id,
    group_id,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator,
    performance_denominator,
    performance_rate,
    open_gaps,
    below_case_minimum,
    benchmark
FROM measure_rate
WHERE run_id = $run_id::INTEGER
  AND entity_type IN ('network', 'practice')
  AND stratifier = '*'
ORDER BY
    entity_type,
    entity_id,
    payer,
    measure_id,
    group_id;
