-- Year-to-date trend of one finished run by month end of the period: the network and each practice for all
-- payers and each payer, each provider for all payers (per payer it would triple the mart).
-- Grain: one measure_trend row per measure x group x entity x payer x month end.
-- Parameters: $run_id (INTEGER).
-- Network and practice rows roll up measure_result_monthly (its month-end rule is stated in
-- sql/measures/shared/monthly_results.sql). That table keeps no provider (per provider it would triple in
-- size, and the measure run writes it), so provider rows count measure_result by the same month rule
-- (numerator_change_months, numerator_held: sql/schema/05_macros.sql) over the same month ends. test/marts/build.test.ts checks the
-- providers add up to the network.
INSERT INTO measure_trend BY NAME
WITH run AS (
    SELECT
        period_start,
        period_end
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
monthly AS (
    SELECT
        measure_id,
        group_id,
        month_end,
        coalesce(practice_id, 'Unattributed') AS practice_id,
        coalesce(payer, 'Unknown') AS payer,
        denominator,
        denominator_exclusion,
        denominator_exception,
        numerator
    FROM measure_result_monthly
    WHERE run_id = $run_id::INTEGER
),
practice_rolled AS (
    SELECT
        measure_id,
        group_id,
        CASE WHEN grouping(practice_id) = 0 THEN 'practice' ELSE 'network' END AS entity_type,
        coalesce(practice_id, '*') AS entity_id,
        coalesce(payer, '*') AS payer,
        month_end,
        sum(denominator)::BIGINT AS denominator,
        sum(denominator_exclusion)::BIGINT AS denominator_exclusion,
        sum(denominator_exception)::BIGINT AS denominator_exception,
        sum(numerator)::BIGINT AS numerator
    FROM monthly
    GROUP BY
        measure_id,
        group_id,
        month_end,
        GROUPING SETS ((), (practice_id)),
        GROUPING SETS ((), (payer))
),
provider_count AS (                                 -- per provider, by the months a numerator changed in
    SELECT
        r.measure_id,
        r.group_id,
        coalesce(r.provider_id, 'Unattributed') AS provider_id,
        numerator_change_months(r.numerator_changes, r.numerator, r.evidence_date, run.period_start, run.period_end)
            AS change_months,
        count(*) FILTER (WHERE r.denominator) AS denominator,
        count(*) FILTER (WHERE r.denominator AND r.denominator_exclusion) AS denominator_exclusion,
        count(*) FILTER (WHERE r.denominator AND r.denominator_exception) AS denominator_exception,
        count(*) FILTER (WHERE r.denominator AND NOT r.denominator_exclusion AND NOT r.denominator_exception)
            AS performance_denominator
    FROM measure_result AS r, run
    WHERE r.run_id = $run_id::INTEGER
    GROUP BY ALL
),
provider_rolled AS (
    SELECT
        c.measure_id,
        c.group_id,
        'provider' AS entity_type,
        c.provider_id AS entity_id,
        '*' AS payer,
        m.month_end,
        sum(c.denominator)::BIGINT AS denominator,
        sum(c.denominator_exclusion)::BIGINT AS denominator_exclusion,
        sum(c.denominator_exception)::BIGINT AS denominator_exception,
        coalesce(sum(c.performance_denominator) FILTER (WHERE numerator_held(c.change_months, m.month_start)), 0)::BIGINT
            AS numerator
    FROM provider_count AS c
    CROSS JOIN (SELECT DISTINCT month_end, date_trunc('month', month_end)::DATE AS month_start FROM monthly) AS m
    GROUP BY
        c.measure_id,
        c.group_id,
        c.provider_id,
        m.month_end
),
rolled AS (
    SELECT * FROM practice_rolled
    UNION ALL BY NAME
    SELECT * FROM provider_rolled
)
SELECT
    $run_id::INTEGER AS run_id,
    *,
    denominator - denominator_exclusion - denominator_exception AS performance_denominator,
    100.0 * numerator / nullif(denominator - denominator_exclusion - denominator_exception, 0) AS performance_rate
FROM rolled
ORDER BY
    measure_id,
    group_id,
    entity_type,
    entity_id,
    payer,
    month_end;
