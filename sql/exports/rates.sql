-- An entity's rates from the run's precomputed cube (measure_rate, sql/schema/10_measure_rate.sql, with its
-- MIPS benchmark placement): what every aggregate export reports, so its counts equal the dashboard's.
-- Grain: one row per measure x population group of $measures (a group absent from the cube: zero counts).
-- Parameters: $run_id (INTEGER), $entity_type ('network' | 'practice' | 'provider'), $entity_id ('*' for
-- the network), $payer ('*' or an SOP payer type), $measures (JSON array of {measure_id, group_id} in
-- display order, from the measure registry).
WITH measure_group AS (
    SELECT
        m.ordinal,
        m.g.measure_id,
        m.g.group_id
    FROM (
        SELECT
            unnest(groups) AS g,
            generate_subscripts(groups, 1) AS ordinal
        FROM (SELECT from_json($measures, '[{"measure_id": "VARCHAR", "group_id": "VARCHAR"}]') AS groups)
    ) AS m
)
SELECT
    g.measure_id,
    g.group_id,
    coalesce(r.initial_population, 0) AS initial_population,
    coalesce(r.denominator, 0) AS denominator,
    coalesce(r.denominator_exclusion, 0) AS denominator_exclusion,
    coalesce(r.denominator_exception, 0) AS denominator_exception,
    coalesce(r.numerator, 0) AS numerator,
    coalesce(r.performance_denominator, 0) AS performance_denominator,
    r.performance_rate,
    coalesce(r.open_gaps, 0) AS open_gaps,
    r.benchmark.decile AS benchmark_decile,
    r.benchmark.percentiles AS benchmark_percentiles
FROM measure_group AS g
LEFT JOIN measure_rate AS r
    ON  r.run_id = $run_id::INTEGER
    AND r.measure_id = g.measure_id
    AND r.group_id = g.group_id
    AND r.entity_type = $entity_type::VARCHAR
    AND r.entity_id = $entity_id::VARCHAR
    AND r.payer = $payer::VARCHAR
    AND r.stratifier = '*'
ORDER BY g.ordinal;
