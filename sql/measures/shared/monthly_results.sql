-- Year-to-date trend of one run: each measure group's populations as of every month end of the period,
-- per attributed practice and payer, in one pass over measure_result (the measures are not re-run per month):
-- the run's results are grouped once, by what the trend counts and the months their numerator changed in,
-- and those groups are then counted for every month end.
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
WITH month_row AS (                                 -- month start -> its last day, clipped to the period end
    SELECT
        m::DATE AS month_start,
        least(last_day(m::DATE), run.period_end) AS month_end
    FROM measure_run AS run, unnest(generate_series(date_trunc('month', run.period_start), run.period_end, INTERVAL 1 MONTH)) AS t(m)
    WHERE run.run_id = $run_id
),
result_group AS (
    -- change_months only where the numerator can count (in the denominator, neither excluded nor excepted);
    -- every row of a group with change_months is then in the denominator. A result's period is its run's.
    SELECT
        measure_id,
        group_id,
        practice_id,
        payer,
        CASE WHEN denominator AND NOT denominator_exclusion AND NOT denominator_exception
            THEN numerator_change_months(numerator_changes, numerator, evidence_date, period_start, period_end)
        END AS change_months,
        count(*) FILTER (WHERE denominator) AS denominator,
        count(*) FILTER (WHERE denominator AND denominator_exclusion) AS denominator_exclusion,
        count(*) FILTER (WHERE denominator AND denominator_exception) AS denominator_exception
    FROM measure_result
    WHERE run_id = $run_id
    GROUP BY ALL
)
SELECT
    $run_id AS run_id,
    g.measure_id,
    g.group_id,
    m.month_end,
    g.practice_id,
    g.payer,
    sum(g.denominator) AS denominator,
    sum(g.denominator_exclusion) AS denominator_exclusion,
    sum(g.denominator_exception) AS denominator_exception,
    coalesce(sum(g.denominator) FILTER (WHERE numerator_held(g.change_months, m.month_start)), 0) AS numerator
FROM result_group AS g
CROSS JOIN month_row AS m
GROUP BY
    g.measure_id,
    g.group_id,
    m.month_end,
    g.practice_id,
    g.payer;
