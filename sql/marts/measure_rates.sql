-- Performance rates of one measure run, placed on the MIPS eCQM benchmarks.
-- Grain: one row per measure x population group of $measures, for one scope: the whole network
--        ($practice_id NULL) or the patients attributed to one practice, as the run stored them
--        (measure_result.practice_id: patient_attribution for the run's period and attribution_method;
--        'Unattributed' = NULL). Groups with no patients in the scope still get their row, with zero
--        counts and a NULL rate.
-- Parameters: $run_id (INTEGER, a finished run), $practice_id (VARCHAR or NULL),
--             $measures (JSON array of {measure_id, group_id, mips_id}, from the measure registry, in display order).
-- Scoring: eCQM proportion scoring, performance rate = numerator / (denominator - exclusions - exceptions).
-- The stored flags are already scored (sql/measures/README.md): an excluded or excepted patient has
-- numerator = false, and no patient is both, so the numerator is counted as stored and each exclusion and
-- exception is subtracted once. `gap` is stored per row by sql/measures/shared/store_result.sql: an eligible
-- patient outside the numerator, or, for inverse measures (CMS122), in it.
WITH run AS (
    SELECT
        year(period_start) AS performance_year
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
measure_group AS (
    SELECT
        m.ordinal,
        m.g.measure_id,
        m.g.group_id,
        m.g.mips_id
    FROM (
        SELECT
            unnest(groups) AS g,
            generate_subscripts(groups, 1) AS ordinal
        FROM (SELECT from_json($measures, '[{"measure_id": "VARCHAR", "group_id": "VARCHAR", "mips_id": "VARCHAR"}]') AS groups)
    ) AS m
),
scoped_result AS (
    SELECT
        r.measure_id,
        r.group_id,
        r.initial_population,
        r.denominator,
        r.denominator_exclusion,
        r.denominator_exception,
        r.numerator,
        r.gap
    FROM measure_result AS r
    WHERE r.run_id = $run_id::INTEGER
      AND ($practice_id::VARCHAR IS NULL OR coalesce(r.practice_id, 'Unattributed') = $practice_id::VARCHAR)
),
group_count AS (
    SELECT
        measure_id,
        group_id,
        count(*) FILTER (WHERE initial_population) AS initial_population,
        count(*) FILTER (WHERE denominator) AS denominator,
        count(*) FILTER (WHERE denominator AND denominator_exclusion) AS denominator_exclusion,
        count(*) FILTER (WHERE denominator AND denominator_exception) AS denominator_exception,
        count(*) FILTER (WHERE numerator) AS numerator,
        count(*) FILTER (WHERE gap) AS open_gaps
    FROM scoped_result
    GROUP BY
        measure_id,
        group_id
),
rate AS (
    SELECT
        g.ordinal,
        g.measure_id,
        g.group_id,
        g.mips_id,
        coalesce(c.initial_population, 0) AS initial_population,
        coalesce(c.denominator, 0) AS denominator,
        coalesce(c.denominator_exclusion, 0) AS denominator_exclusion,
        coalesce(c.denominator_exception, 0) AS denominator_exception,
        coalesce(c.numerator, 0) AS numerator,
        coalesce(c.denominator - c.denominator_exclusion - c.denominator_exception, 0) AS performance_denominator,
        100.0 * c.numerator / nullif(c.denominator - c.denominator_exclusion - c.denominator_exception, 0) AS performance_rate,
        coalesce(c.open_gaps, 0) AS open_gaps
    FROM measure_group AS g
    LEFT JOIN group_count AS c USING (measure_id, group_id)
),
benchmark_input AS (
    -- mips_benchmark_placement's input: measure_id is the MIPS quality id there; its case minimum (20 cases,
    -- 42 CFR 414.1380(b)(1)(iii)) counts the performance denominator, so below_case_minimum = fewer than 20
    -- eligible; reporting eCQMs for every patient, data completeness is not assessed.
    SELECT
        r.measure_id AS registry_measure_id,
        r.group_id,
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
),
placement AS (
    SELECT *
    FROM mips_benchmark_placement('benchmark_input')
)
SELECT
    r.measure_id,
    r.group_id,
    r.initial_population,
    r.denominator,
    r.denominator_exclusion,
    r.denominator_exception,
    r.numerator,
    r.performance_denominator,
    r.performance_rate,
    r.open_gaps,
    NOT p.meets_case_minimum AS below_case_minimum,
    CASE WHEN r.mips_id IS NOT NULL THEN {
        'performance_year': p.performance_year,
        'collection_type': p.collection_type,
        'benchmark_measure_id': p.benchmark_measure_id,
        'benchmark_type': p.benchmark_type,
        'is_topped_out': p.is_topped_out,
        'decile': p.decile,
        'decile_points': p.decile_points,
        'achievement_points': p.achievement_points,
        'scoring_rule': p.scoring_rule,
        -- decile boundaries on the rate's own scale (ascending for inverse measures too)
        'percentiles': CASE WHEN p.has_benchmark THEN [b.p10, b.p20, b.p30, b.p40, b.p50, b.p60, b.p70, b.p80, b.p90] END
    } END AS benchmark
FROM rate AS r
JOIN placement AS p
    ON  p.registry_measure_id = r.measure_id
    AND p.group_id = r.group_id
LEFT JOIN mips_benchmark AS b
    ON  b.measure_id = p.measure_id
    AND b.performance_year = p.performance_year
    AND b.collection_type = p.collection_type
ORDER BY r.ordinal;
