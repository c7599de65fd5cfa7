-- Stores the run's rows (m_run_rows, run_rows.sql: every measure's population rows, tagged with the
-- measure) with the population flags and sentences every measure shares, the strata, the gap flag its
-- improvement notation implies, and the patient's practice and provider from patient_attribution for the
-- run's period and method (NULL when unattributed).
-- What population.sql states per row (patient in the initial population x group):
--   population = 'exclusion' | 'exception' (with exclusion_reason, the exclusion's or exception's coded
--                reason, and the evidence_* columns that decided it) | 'outcome' (numerator, gap_reason,
--                gap_text, close_by, close_action and the evidence_* columns; numerator_changes where the
--                measure states the days its numerator began or stopped holding, schema/07_results.sql);
--   denominator only where a group's denominator is narrower than its initial population (CMS138 Group_2;
--                NULL = the whole initial population); stratum where the measure is stratified.
-- A column a measure has no use for may be left out (the template below gives it as NULL); other columns
-- a population.sql leaves in its rows are not stored.
-- Grain: measure_result = one row per run x measure x group x patient in the initial population.
-- Parameters: $run_id, $period_start, $period_end, $as_of (DATE), $inverse_measures (a JSON array of the
--             measures whose numerator is the poor outcome), $attribution_method (VARCHAR).

INSERT INTO measure_result BY NAME
WITH inverse_measure AS (
    SELECT unnest(from_json($inverse_measures, '["VARCHAR"]')) AS measure_id
)
SELECT
    $run_id AS run_id,
    r.measure_id,
    r.group_id,
    $period_start AS period_start,
    $period_end AS period_end,
    p.patient_id,
    true AS initial_population,
    coalesce(r.denominator, true) AS denominator,
    r.population = 'exclusion' AS denominator_exclusion,
    r.population = 'exception' AS denominator_exception,
    -- eCQM proportion scoring: an excluded or excepted patient is not in the numerator.
    r.population = 'outcome' AND r.numerator AS numerator,
    coalesce(r.denominator, true) AND r.population = 'outcome' AND r.numerator = (r.measure_id IN (SELECT measure_id FROM inverse_measure)) AS gap,
    r.stratum,
    p.age,
    age_band(p.age) AS age_band,
    p.sex,
    p.race,
    p.ethnicity,
    p.payer,
    p.practice_id,
    p.provider_id,
    r.evidence_date,
    r.evidence_value,
    r.evidence_table,
    r.evidence_record_id,
    r.evidence_source_id,
    r.exclusion_reason,
    r.gap_reason,
    CASE r.population
        WHEN 'exclusion' THEN exclusion_text(r.exclusion_reason, r.evidence_value, r.evidence_date)
        WHEN 'exception' THEN exception_text(r.exclusion_reason, r.evidence_value, r.evidence_date)
        ELSE r.gap_text
    END AS gap_text,
    -- A gap can only be closed while the period is still open at the data cut-off.
    CASE WHEN r.close_by >= $as_of THEN r.close_by END AS close_by,
    r.close_action,
    CASE WHEN r.population = 'outcome' THEN r.numerator_changes END AS numerator_changes
FROM (
    SELECT * FROM m_run_rows
    UNION ALL BY NAME
    SELECT                                          -- the columns read here, with their types; no rows
        NULL::VARCHAR AS measure_id,
        NULL::INTEGER AS patient_key,
        NULL::VARCHAR AS group_id,
        NULL::VARCHAR AS population,
        NULL::BOOLEAN AS denominator,
        NULL::BOOLEAN AS numerator,
        NULL::VARCHAR AS stratum,
        NULL::DATE AS evidence_date,
        NULL::VARCHAR AS evidence_value,
        NULL::VARCHAR AS evidence_table,
        NULL::VARCHAR AS evidence_record_id,
        NULL::VARCHAR AS evidence_source_id,
        NULL::VARCHAR AS exclusion_reason,
        NULL::VARCHAR AS gap_reason,
        NULL::VARCHAR AS gap_text,
        NULL::DATE AS close_by,
        NULL::VARCHAR AS close_action,
        NULL::DATE[] AS numerator_changes
    WHERE false
) r
JOIN (
    -- Each patient's attribution, looked up once per patient rather than once per result row (DuckDB keeps
    -- an outer join inside its subquery: 887k probes of the VARCHAR key instead of 4.56M at the synthetic 1M).
    SELECT
        p.*,
        a.practice_id,
        a.provider_id
    FROM m_patient p
    LEFT JOIN patient_attribution a
        ON  a.patient_id = p.patient_id
        AND a.period_start = $period_start
        AND a.period_end = $period_end
        AND a.method = $attribution_method
) p USING (patient_key);
