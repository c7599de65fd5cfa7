-- Stores one measure's rows (m_measure_rows, made by sql/measures/<id>/population.sql) under the run,
-- with the strata every measure shares, the gap flag its improvement notation implies, and the patient's
-- practice and provider from patient_attribution for the run's period and method (NULL when unattributed).
-- Grain: measure_result = one row per run x measure x group x patient in the initial population.
-- Parameters: $run_id, $measure_id, $period_start, $period_end, $as_of (DATE),
--             $inverse (true when the numerator is the poor outcome), $attribution_method (VARCHAR).

INSERT INTO measure_result BY NAME
SELECT
    $run_id AS run_id,
    $measure_id AS measure_id,
    r.group_id,
    $period_start AS period_start,
    $period_end AS period_end,
    r.patient_id,
    r.initial_population,
    r.denominator,
    r.denominator_exclusion,
    r.denominator_exception,
    r.numerator,
    r.denominator AND NOT r.denominator_exclusion AND NOT r.denominator_exception
        AND r.numerator = $inverse AS gap,
    r.stratum,
    p.age,
    age_band(p.age) AS age_band,
    p.sex,
    p.race,
    p.ethnicity,
    p.payer,
    a.practice_id,
    a.provider_id,
    r.evidence_date,
    r.evidence_value,
    r.evidence_table,
    r.evidence_record_id,
    r.evidence_source_id,
    r.exclusion_reason,
    r.gap_reason,
    r.gap_text,
    -- A gap can only be closed while the period is still open at the data cut-off.
    CASE WHEN r.close_by >= $as_of THEN r.close_by END AS close_by,
    r.close_action
FROM m_measure_rows r
JOIN m_patient p USING (patient_id)
LEFT JOIN patient_attribution a
    ON  a.patient_id = r.patient_id
    AND a.period_start = $period_start
    AND a.period_end = $period_end
    AND a.method = $attribution_method;
