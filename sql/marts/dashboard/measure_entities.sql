-- One measure group's rows of the cube for the measure page: the network (unstratified and every stratum),
-- each practice and each provider (unstratified), for one payer filter, with the entity's name.
-- Grain: one measure_rate row per entity x stratifier x stratum as filtered.
-- Parameters: $run_id (INTEGER), $measure_id, $group_id, $payer ('*' or a payer).
WITH provider_name AS (                             -- a provider file loaded twice has two rows per provider
    SELECT
        provider_id,
        min(practice_id) AS practice_id,
        min(concat_ws(', ', family_name, given_name)) AS name
    FROM provider
    GROUP BY provider_id
)
SELECT
    r.entity_type,
    r.entity_id,
    CASE r.entity_type
        WHEN 'practice' THEN coalesce(p.name, r.entity_id)
        WHEN 'provider' THEN coalesce(nullif(v.name, ''), r.entity_id)
    END AS name,
    v.practice_id AS provider_practice_id,
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
    r.benchmark
FROM measure_rate AS r
LEFT JOIN practice AS p
    ON  r.entity_type = 'practice'
    AND p.practice_id = r.entity_id
LEFT JOIN provider_name AS v
    ON  r.entity_type = 'provider'
    AND v.provider_id = r.entity_id
WHERE r.run_id = $run_id::INTEGER
  AND r.measure_id = $measure_id::VARCHAR
  AND r.group_id = $group_id::VARCHAR
  AND r.payer = $payer::VARCHAR
  AND (r.entity_type = 'network' OR r.stratifier = '*')
ORDER BY
    r.entity_type,
    r.entity_id,
    r.stratifier,
    r.stratum;
