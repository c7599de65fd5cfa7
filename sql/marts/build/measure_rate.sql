-- The rate cube of one finished run (sql/schema/10_measure_rate.sql), from measure_result in two steps:
-- counts at the finest grain the cube needs, then each entity level's GROUPING SETS over the counts it
-- needs (rollups below).
-- Grain: one measure_rate row per measure x group x entity x payer x stratifier x stratum with patients,
--        plus the network row ('*' payer, no stratifier) of every group of $measures even when empty.
--   entity:     network, practice, provider (coalesce to 'Unattributed')
--   payer:      '*' and each payer
--   stratifier: '*', age_band, sex, race, ethnicity, payer, stratum; the payer stratifier only under payer
--               '*'. Provider rows are stratified under payer '*' only: a provider's QRDA III reports the
--               supplemental data sex, race, ethnicity and payer per population (CMS QRDA III IG
--               CONF:4427-18136..18141) for all payers, and provider x payer x stratum would triple the cube.
-- Parameters: $run_id (INTEGER, a finished run),
--             $measures (JSON array of {measure_id, group_id, mips_id}: the run's groups, from the registry).
-- Scoring: eCQM proportion scoring, performance rate = numerator / (denominator - exclusions - exceptions).
-- The stored flags are already scored (sql/measures/README.md): an excluded or excepted patient has
-- numerator = false, and no patient is both, so the numerator is counted as stored and each exclusion and
-- exception is subtracted once. `gap` is stored per row by sql/measures/shared/store_result.sql: an eligible
-- patient outside the numerator, or, for inverse measures (CMS122), in it.
INSERT INTO measure_rate BY NAME
WITH run AS (
    SELECT
        year(period_start) AS performance_year
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
measure_group AS (
    SELECT
        unnest(from_json($measures, '[{"measure_id": "VARCHAR", "group_id": "VARCHAR", "mips_id": "VARCHAR"}]'), recursive := true)
),
finest AS (                                         -- one row per distinct combination of the cube's dimensions
    SELECT
        measure_id,
        group_id,
        coalesce(practice_id, 'Unattributed') AS practice_id,
        coalesce(provider_id, 'Unattributed') AS provider_id,
        coalesce(payer, 'Unknown') AS payer,
        coalesce(age_band, 'Unknown') AS age_band,
        coalesce(sex, 'Unknown') AS sex,
        coalesce(race, 'Unknown') AS race,
        coalesce(ethnicity, 'Unknown') AS ethnicity,
        coalesce(stratum, 'Unknown') AS stratum,
        count(*) FILTER (WHERE initial_population) AS initial_population,
        count(*) FILTER (WHERE denominator) AS denominator,
        count(*) FILTER (WHERE denominator AND denominator_exclusion) AS denominator_exclusion,
        count(*) FILTER (WHERE denominator AND denominator_exception) AS denominator_exception,
        count(*) FILTER (WHERE numerator) AS numerator,
        count(*) FILTER (WHERE gap) AS open_gaps
    FROM measure_result
    WHERE run_id = $run_id::INTEGER
    GROUP BY ALL
),
counts AS (
    SELECT
        *,
        payer AS payer_stratum                      -- the payer once as a filter, once as a stratifier
    FROM finest
),
-- The rollups: entity x payer x stratifier, as GROUPING SETS. Each set is a pass over its input, so each
-- entity level rolls up only the counts it needs (synthetic 1M: 2.5M finest rows, 960k per practice, one
-- rollup of every entity and set over the finest took 26 CPU-s): network and practice rows from the
-- counts without the provider, the provider rows (under payer '*' only) from the finest in their eight sets.
practice_counts AS (
    SELECT
        'practice' AS entity_type,
        practice_id AS entity_id,
        measure_id, group_id, payer, age_band, sex, race, ethnicity, payer_stratum, stratum,
        sum(COLUMNS(['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps']))
    FROM counts
    GROUP BY ALL
),
entity_counts AS (
    SELECT * FROM practice_counts
    UNION ALL BY NAME
    SELECT
        'network' AS entity_type,
        '*' AS entity_id,
        measure_id, group_id, payer, age_band, sex, race, ethnicity, payer_stratum, stratum,
        sum(COLUMNS(['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps']))
    FROM practice_counts
    GROUP BY ALL
),
rollups AS (                                        -- a dimension grouped away is NULL (no finest one is)
    SELECT
        measure_id, group_id, entity_type, entity_id, payer, age_band, sex, race, ethnicity, payer_stratum, stratum,
        sum(COLUMNS(['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps']))
    FROM entity_counts
    GROUP BY
        measure_id,
        group_id,
        entity_type,
        entity_id,
        GROUPING SETS ((), (payer)),
        GROUPING SETS ((), (age_band), (sex), (race), (ethnicity), (payer_stratum), (stratum))
    -- the payer stratifier within one payer says nothing new
    HAVING NOT (grouping(payer) = 0 AND grouping(payer_stratum) = 0)
    UNION ALL BY NAME
    SELECT                                          -- providers: each stratifier, and each payer unstratified
        measure_id, group_id, 'provider' AS entity_type, provider_id AS entity_id,
        payer, age_band, sex, race, ethnicity, payer_stratum, stratum,
        sum(COLUMNS(['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps']))
    FROM counts
    GROUP BY
        measure_id,
        group_id,
        provider_id,
        GROUPING SETS ((), (age_band), (sex), (race), (ethnicity), (payer_stratum), (stratum), (payer))
),
rolled AS (
    SELECT
        measure_id,
        group_id,
        entity_type,
        entity_id,
        coalesce(payer, '*') AS payer,
        CASE
            WHEN age_band IS NOT NULL THEN 'age_band'
            WHEN sex IS NOT NULL THEN 'sex'
            WHEN race IS NOT NULL THEN 'race'
            WHEN ethnicity IS NOT NULL THEN 'ethnicity'
            WHEN payer_stratum IS NOT NULL THEN 'payer'
            WHEN stratum IS NOT NULL THEN 'stratum'
            ELSE '*'
        END AS stratifier,
        coalesce(age_band, sex, race, ethnicity, payer_stratum, stratum, '*') AS stratum,
        COLUMNS(['initial_population', 'denominator', 'denominator_exclusion', 'denominator_exception', 'numerator', 'open_gaps'])::BIGINT
    FROM rollups
),
cube AS (                                           -- every group's network row exists, empty or not
    SELECT
        coalesce(r.measure_id, g.measure_id) AS measure_id,
        coalesce(r.group_id, g.group_id) AS group_id,
        coalesce(r.entity_type, 'network') AS entity_type,
        coalesce(r.entity_id, '*') AS entity_id,
        coalesce(r.payer, '*') AS payer,
        coalesce(r.stratifier, '*') AS stratifier,
        coalesce(r.stratum, '*') AS stratum,
        coalesce(r.initial_population, 0) AS initial_population,
        coalesce(r.denominator, 0) AS denominator,
        coalesce(r.denominator_exclusion, 0) AS denominator_exclusion,
        coalesce(r.denominator_exception, 0) AS denominator_exception,
        coalesce(r.numerator, 0) AS numerator,
        coalesce(r.open_gaps, 0) AS open_gaps,
        g.mips_id
    FROM rolled AS r
    FULL JOIN (SELECT *, 'network' AS entity_type, '*' AS entity_id, '*' AS payer, '*' AS stratifier FROM measure_group) AS g
        USING (measure_id, group_id, entity_type, entity_id, payer, stratifier)
),
rate AS (
    SELECT
        c.* EXCLUDE (mips_id),
        m.mips_id,
        denominator - denominator_exclusion - denominator_exception AS performance_denominator,
        100.0 * numerator / nullif(denominator - denominator_exclusion - denominator_exception, 0) AS performance_rate
    FROM cube AS c
    LEFT JOIN measure_group AS m USING (measure_id, group_id)
),
benchmark_input AS (
    -- The one placement of measured rates on MIPS benchmarks: mips_benchmark_placement keys on the MIPS id; its case minimum
    -- (20 cases, 42 CFR 414.1380(b)(1)(iii)) counts the performance denominator; data completeness is not
    -- assessed (eCQMs reported for every patient). Network (APM entity), practice (group) and provider
    -- (individual clinician) rows are placed alike: a MIPS benchmark is per measure and collection type, the
    -- same whether an individual, a group or an APM entity submits (42 CFR 414.1380(b)(1)).
    SELECT
        r.measure_id AS registry_measure_id,
        r.group_id,
        r.entity_type,
        r.entity_id,
        r.payer,
        r.stratifier,
        r.mips_id AS measure_id,
        run.performance_year,
        'eCQM' AS collection_type,
        r.performance_rate AS rate,
        r.performance_denominator AS denominator,
        NULL::BIGINT AS reported,
        NULL::BIGINT AS eligible,
        NULL::BOOLEAN AS small_practice
    FROM rate AS r
    CROSS JOIN run
    WHERE r.stratifier = '*'
),
placement AS (
    SELECT *
    FROM mips_benchmark_placement('benchmark_input')
)
SELECT
    $run_id::INTEGER AS run_id,
    r.* EXCLUDE (mips_id),
    NOT p.meets_case_minimum AS below_case_minimum,
    CASE WHEN p.measure_id IS NOT NULL THEN {
        'performance_year': p.performance_year,
        'collection_type': p.collection_type,
        'benchmark_measure_id': p.benchmark_measure_id,
        'benchmark_type': p.benchmark_type,
        'is_topped_out': p.is_topped_out,
        'decile': p.decile,
        'decile_points': p.decile_points,
        'achievement_points': p.achievement_points,
        'scoring_rule': p.scoring_rule,
        'percentiles': CASE WHEN p.has_benchmark THEN [b.p10, b.p20, b.p30, b.p40, b.p50, b.p60, b.p70, b.p80, b.p90] END
    } END AS benchmark
FROM rate AS r
LEFT JOIN placement AS p
    ON  p.registry_measure_id = r.measure_id
    AND p.group_id = r.group_id
    AND p.entity_type = r.entity_type
    AND p.entity_id = r.entity_id
    AND p.payer = r.payer
    AND p.stratifier = r.stratifier                 -- '*': an equality, so a hash join (a filter here made it a nested loop)
LEFT JOIN mips_benchmark AS b
    ON  b.measure_id = p.measure_id
    AND b.performance_year = p.performance_year
    AND b.collection_type = p.collection_type
ORDER BY
    r.measure_id,
    r.group_id,
    r.entity_type,
    r.entity_id,
    r.payer,
    r.stratifier,
    r.stratum;
