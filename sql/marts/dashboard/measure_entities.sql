-- One measure group's rows of the cube for the measure page: the network (unstratified and every stratum),
-- each practice (unstratified: measure_rate_scope) and, at provider level, each provider (unstratified) of one
-- practice or of the network, for one payer filter, with the entity's name.
-- Grain: one measure_rate row per entity x stratifier x stratum as filtered. Only the network row carries the
-- benchmark struct (its percentiles are the same for every row); practices carry their decile.
-- Parameters: $run_id (INTEGER), $measure_id, $group_id, $payer ('*' or a payer), $level ('practice': no
--             provider rows | 'provider'), $practice_id (VARCHAR: only that practice's providers; NULL = all).
WITH entity_name AS (                               -- equality keys, so both lookups are one hash join
    SELECT
        'practice' AS entity_type,
        practice_id AS entity_id,
        name,
        NULL::VARCHAR AS practice_id
    FROM practice
    UNION ALL
    SELECT                                          -- a provider file loaded twice has two rows per provider
        'provider',
        provider_id,
        min(provider_name(family_name, given_name)),
        min(practice_id)
    FROM provider
    WHERE $level::VARCHAR = 'provider'              -- named only when sent
    GROUP BY provider_id
),
cube AS (                                           -- each part reads only its rows and columns: the network's
    SELECT entity_type, entity_id, stratifier, stratum, initial_population, denominator, denominator_exclusion,
           denominator_exception, numerator, performance_denominator, performance_rate, open_gaps, below_case_minimum,
           benchmark
    FROM measure_rate                               -- block of the measure-ordered cube (with its benchmark),
    WHERE run_id = $run_id::INTEGER
      AND measure_id = $measure_id::VARCHAR
      AND group_id = $group_id::VARCHAR
      AND payer = $payer::VARCHAR
      AND entity_type = 'network'
    UNION ALL BY NAME
    SELECT entity_type, entity_id, '*' AS stratifier, '*' AS stratum, initial_population, denominator, denominator_exclusion,
           denominator_exception, numerator, performance_denominator, performance_rate, open_gaps, below_case_minimum,
           benchmark.decile AS decile
    FROM measure_rate_scope                         -- practices from the small scope table (their decile),
    WHERE run_id = $run_id::INTEGER
      AND measure_id = $measure_id::VARCHAR
      AND group_id = $group_id::VARCHAR
      AND payer = $payer::VARCHAR
      AND entity_type = 'practice'
    UNION ALL BY NAME
    SELECT entity_type, entity_id, stratifier, stratum, initial_population, denominator, denominator_exclusion,
           denominator_exception, numerator, performance_denominator, performance_rate, open_gaps, below_case_minimum
    FROM measure_rate                               -- providers only when asked (a parameter test)
    WHERE $level::VARCHAR = 'provider'
      AND run_id = $run_id::INTEGER
      AND measure_id = $measure_id::VARCHAR
      AND group_id = $group_id::VARCHAR
      AND payer = $payer::VARCHAR
      AND entity_type = 'provider'
      AND stratifier = '*'
)
SELECT
    r.entity_type,
    r.entity_id,
    coalesce(n.name, r.entity_id) AS name,
    n.practice_id AS provider_practice_id,
    r.stratifier,
    r.stratum,
    r.initial_population,
    r.denominator,
    r.denominator_exclusion,
    r.denominator_exception,
    r.numerator,
    r.performance_denominator,
    r.performance_rate,
    r.open_gaps,
    r.below_case_minimum,
    r.benchmark,                                    -- the network's placement and deciles
    r.decile                                        -- a practice's MIPS decile (the deciles are the network's)
FROM cube AS r
LEFT JOIN entity_name AS n USING (entity_type, entity_id)
WHERE $practice_id::VARCHAR IS NULL
   OR r.entity_type <> 'provider'
   OR n.practice_id = $practice_id::VARCHAR
ORDER BY
    r.entity_type,
    r.entity_id,
    r.stratifier,
    r.stratum;
