-- One scope's rates of a run from the cube (measure_rate; its network and practice rows as measure_rate_scope),
-- every population group of $measures in their order; a group without patients in the scope gets zero counts,
-- a NULL rate and no benchmark.
-- Grain: one row per measure x group of $measures.
-- Parameters: $run_id (INTEGER), $entity_type ('network' | 'practice' | 'provider'), $entity_id ('*' or an id),
--             $payer ('*' or a payer), $measures (JSON array of {measure_id, group_id, mips_id}).
WITH measure_group AS (
    SELECT
        g.ordinal,
        g.value.measure_id,
        g.value.group_id
    FROM (
        SELECT
            unnest(groups) AS value,
            generate_subscripts(groups, 1) AS ordinal
        FROM (SELECT from_json($measures, '[{"measure_id": "VARCHAR", "group_id": "VARCHAR", "mips_id": "VARCHAR"}]') AS groups)
    ) AS g
),
scope_rate AS (                                     -- parameter tests, so the table not read is planned away
    SELECT * EXCLUDE (run_id, entity_type, entity_id, payer)
    FROM measure_rate_scope                         -- network and practices, in scope order
    WHERE $entity_type::VARCHAR IN ('network', 'practice')
      AND run_id = $run_id::INTEGER
      AND entity_type = $entity_type::VARCHAR
      AND entity_id = $entity_id::VARCHAR
      AND payer = $payer::VARCHAR
    UNION ALL BY NAME
    SELECT * EXCLUDE (run_id, entity_type, entity_id, payer, stratifier, stratum)
    FROM measure_rate                               -- providers
    WHERE $entity_type::VARCHAR NOT IN ('network', 'practice')
      AND run_id = $run_id::INTEGER
      AND entity_type = $entity_type::VARCHAR
      AND entity_id = $entity_id::VARCHAR
      AND payer = $payer::VARCHAR
      AND stratifier = '*'
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
    coalesce(r.below_case_minimum, true) AS below_case_minimum,
    r.benchmark
FROM measure_group AS g
LEFT JOIN scope_rate AS r USING (measure_id, group_id)
ORDER BY g.ordinal;
