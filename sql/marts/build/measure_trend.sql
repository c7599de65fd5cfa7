-- Year-to-date trend of one finished run for the network and each practice, all payers and each payer,
-- rolled up from measure_result_monthly (its month-end approximation: sql/measures/shared/monthly_results.sql).
-- Grain: one measure_trend row per measure x group x entity x payer x month end.
-- Parameters: $run_id (INTEGER).
INSERT INTO measure_trend BY NAME
WITH monthly AS (
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
rolled AS (
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
