-- The capitation statement's inputs per member practice: member months and mean CMS-HCC risk of the ACO's
-- assigned beneficiaries (aco_beneficiary, assigned to the practice with the most allowed charges), and the
-- practice's quality measures with their denominators and MIPS achievement points from the rate cube
-- (measure_rate, practice rows, all payers, unstratified).
-- Grain: one row per member practice (practices loaded from EHR extracts; the CCLF feed is not a practice).
-- Parameters: $performance_year (INTEGER); $run_id (INTEGER or NULL: the quality run, marts built);
--   $measures (JSON array of measure ids scored for quality, e.g. ["cms165","cms122"]).
WITH member AS (
    SELECT
        practice_id,
        sum(eligible_months) AS member_months,
        sum(raw_risk_score * person_years) / nullif(sum(person_years), 0) AS risk_score
    FROM aco_beneficiary
    WHERE performance_year = $performance_year::INTEGER
      AND practice_id IS NOT NULL
    GROUP BY practice_id
),
measure AS (
    SELECT
        entity_id AS practice_id,
        list({
            measure_id: measure_id,
            denominator: performance_denominator,
            points: coalesce(benchmark.achievement_points, 0)
        } ORDER BY measure_id, group_id) AS measures
    FROM measure_rate
    WHERE run_id = $run_id::INTEGER
      AND entity_type = 'practice'
      AND payer = '*'
      AND stratifier = '*'
      AND list_contains(from_json($measures, '["VARCHAR"]'), measure_id)
    GROUP BY entity_id
)
SELECT
    p.practice_id,
    p.name,
    coalesce(m.member_months, 0)::INTEGER AS member_months,
    m.risk_score,
    coalesce(q.measures, []) AS measures
FROM practice AS p
LEFT JOIN member AS m USING (practice_id)
LEFT JOIN measure AS q USING (practice_id)
WHERE coalesce(p.source_format, '') <> 'cclf'
ORDER BY p.practice_id;
