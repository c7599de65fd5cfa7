-- Year-to-date trend of one run: each measure group's populations as of every month end of the period,
-- per attributed practice and payer, in one pass over measure_result (the measures are not re-run per month).
-- Grain: one measure_result_monthly row per measure x group x month end x practice (NULL = unattributed)
--        x payer (NULL = unknown) with results in the run. Parameters: $run_id.
-- What "as of month end m" means (as payers' YTD trend reports make it):
--   * denominator, exclusions and exceptions are the period's, in every month;
--   * a numerator patient counts from the month the numerator was first met, where the measure states it
--     (numerator_since: measures whose numerator, once met, stays met, as a qualifying screening in a
--     look-back window fixed by the period: CMS124, CMS125, CMS130, CMS131, CMS349, CMS1188), else from
--     the month of the evidence that decided the period's outcome (evidence_date); before the period
--     start or undated = from the first month (e.g. last year's mammogram, or CMS122's "no HbA1c test"
--     whose numerator holds all year), after the period end = the last month. So the last month equals
--     the period's numerator and no month exceeds it; with the period's populations, the months of the
--     six measures above are exact.
--   For the "most recent value" and "screening then follow-up" measures (CMS122, CMS165, CMS2, CMS69,
--   CMS138) measure_result keeps only the deciding record, so month m is not the outcome of the reading
--   most recent at m: a patient controlled in March, uncontrolled in June and controlled again in
--   November counts from November only; a CMS122 patient whose only HbA1c (> 9 %) is dated June counts
--   from June, although "no test yet" would have put them in the numerator earlier. For those the monthly
--   figure is "period outcomes already decided by month end", not a re-scoring.
INSERT INTO measure_result_monthly BY NAME
WITH run AS (
    SELECT
        period_start,
        period_end
    FROM measure_run
    WHERE run_id = $run_id
),
month_row AS (                                      -- month start -> its last day, clipped to the period end
    SELECT
        m::DATE AS month_start,
        least(last_day(m::DATE), run.period_end) AS month_end
    FROM run, unnest(generate_series(date_trunc('month', run.period_start), run.period_end, INTERVAL 1 MONTH)) AS t(m)
),
result AS (
    SELECT
        r.measure_id,
        r.group_id,
        r.practice_id,
        r.payer,
        r.denominator,
        r.denominator_exclusion,
        r.denominator_exception,
        r.numerator,
        numerator_month(r.numerator_since, r.evidence_date, run.period_start, run.period_end) AS numerator_month
    FROM measure_result AS r, run
    WHERE r.run_id = $run_id
),
period_count AS (
    SELECT
        measure_id,
        group_id,
        practice_id,
        payer,
        count(*) FILTER (WHERE denominator) AS denominator,
        count(*) FILTER (WHERE denominator AND denominator_exclusion) AS denominator_exclusion,
        count(*) FILTER (WHERE denominator AND denominator_exception) AS denominator_exception
    FROM result
    GROUP BY ALL
),
numerator_count AS (                                -- numerator patients by the month they count from
    SELECT
        measure_id,
        group_id,
        practice_id,
        payer,
        numerator_month,
        count(*) AS numerator
    FROM result
    WHERE numerator
    GROUP BY ALL
)
SELECT
    $run_id AS run_id,
    p.measure_id,
    p.group_id,
    m.month_end,
    p.practice_id,
    p.payer,
    p.denominator,
    p.denominator_exclusion,
    p.denominator_exception,
    coalesce(sum(n.numerator), 0) AS numerator
FROM period_count AS p
CROSS JOIN month_row AS m
LEFT JOIN numerator_count AS n
    ON  n.measure_id = p.measure_id
    AND n.group_id = p.group_id
    AND n.practice_id IS NOT DISTINCT FROM p.practice_id
    AND n.payer IS NOT DISTINCT FROM p.payer
    AND n.numerator_month <= m.month_start
GROUP BY
    p.measure_id,
    p.group_id,
    m.month_end,
    p.practice_id,
    p.payer,
    p.denominator,
    p.denominator_exclusion,
    p.denominator_exception;
