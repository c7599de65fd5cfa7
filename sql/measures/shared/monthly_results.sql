-- Year-to-date trend of one run: each measure group's populations as of every month end of the period,
-- per attributed practice and payer, in one pass over measure_result (the measures are not re-run per month).
-- Grain: one measure_result_monthly row per measure x group x month end x practice (NULL = unattributed)
--        x payer (NULL = unknown) with results in the run. Parameters: $run_id.
-- What "as of month end m" means (as payers' YTD trend reports make it):
--   * denominator, exclusions and exceptions are the period's, in every month;
--   * the numerator is what the measure gives on the data up to the end of month m: every measure states
--     the days its numerator began or stopped holding (measure_result.numerator_changes). A numerator that
--     stays met (CMS124, CMS125, CMS130, CMS131, CMS349, CMS1188, CMS138 group 2) holds from the first
--     qualifying record; CMS122 holds from the period start (no result yet) and then as each day's reading
--     says; CMS165 as each blood pressure day says; CMS2, CMS69 and CMS138 groups 1 and 3 as the
--     screenings, visits and follow-ups on record by then say;
--   * a day before the period start counts from its first month, one after the period end in its last
--     month, so the last month equals the period's numerator and every earlier month is exact;
--   * rows without numerator_changes (stored before the column existed) count a numerator patient from the
--     month of the evidence that decided the period's outcome (evidence_date; undated: the first month).
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
        numerator_change_months(r.numerator_changes, r.numerator, r.evidence_date, run.period_start, run.period_end)
            AS change_months
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
numerator_count AS (                                -- patients by the months their numerator changed in
    SELECT
        measure_id,
        group_id,
        practice_id,
        payer,
        change_months,
        count(*) AS patients
    FROM result
    WHERE denominator
      AND NOT denominator_exclusion
      AND NOT denominator_exception
      AND len(change_months) > 0
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
    coalesce(sum(n.patients) FILTER (WHERE numerator_held(n.change_months, m.month_start)), 0) AS numerator
FROM period_count AS p
CROSS JOIN month_row AS m
LEFT JOIN numerator_count AS n
    ON  n.measure_id = p.measure_id
    AND n.group_id = p.group_id
    AND n.practice_id IS NOT DISTINCT FROM p.practice_id
    AND n.payer IS NOT DISTINCT FROM p.payer
GROUP BY
    p.measure_id,
    p.group_id,
    m.month_end,
    p.practice_id,
    p.payer,
    p.denominator,
    p.denominator_exclusion,
    p.denominator_exception;
