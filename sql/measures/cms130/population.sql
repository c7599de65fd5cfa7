-- CMS130 Colorectal Cancer Screening (CMS130FHIRColorectalCancerScreening 0.4.000).
-- Numerator: any of FOBT in the period, stool DNA with FIT in the period or the 2 years before, CT
-- colonography or flexible sigmoidoscopy in the period or the 4 years before, colonoscopy in the period or
-- the 9 years before.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1), with
-- the age stratum: Stratification_1_1 (46-49) or Stratification_1_2 (50-75).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_condition, m_procedure,
-- m_observation, m_adult_outpatient_encounters, m_hospice, m_advanced_illness_frailty, m_nursing_home,
-- m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH initial_population AS (
    -- Age 46-75 at the end of the period with a qualifying outpatient encounter; "Stratification 1" is age
    -- 46-49, "Stratification 2" age 50-75.
    SELECT
        p.patient_key,
        p.age,
        CASE WHEN p.age <= 49 THEN 'Stratification_1_1' ELSE 'Stratification_1_2' END AS stratum
    FROM m_patient p
    SEMI JOIN m_adult_outpatient_encounters USING (patient_key)
    WHERE p.age BETWEEN 46 AND 75
),
malignant_neoplasm AS (
    -- "Malignant Neoplasm": verified colorectal cancer whose prevalence starts on or before the end of the
    -- period (without onset, only when abated: prevalence_start_day).
    SELECT
        patient_key,
        'ColorectalCancer' AS exclusion_reason,
        least(prevalence_start, $period_end)::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'condition' AS evidence_table,
        condition_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_condition
    WHERE role = 'malignant_neoplasm_of_colon'
      AND verified
      AND prevalence_start_day(prevalence_start, prevalence_end) <= $period_end
),
total_colectomy AS (
    -- "Total Colectomy Performed", ending on or before the end of the period.
    SELECT
        patient_key,
        'TotalColectomy' AS exclusion_reason,
        performed_end::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'procedure' AS evidence_table,
        procedure_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_procedure
    WHERE role = 'total_colectomy'
      AND is_procedure_performed(status)
      AND performed_end::DATE <= $period_end
),
exclusion AS (
    -- "Denominator Exclusions", in the CQL's order; the first that applies is reported. The libraries use
    -- Status 1.15.000 (Hospice 6.18.000, ...): their rows with status_1_15 (sql/measures/shared/hospice.sql).
    SELECT
        *
    FROM (
        SELECT 1 AS priority, 'Hospice' AS exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_hospice
        WHERE status_1_15
        UNION ALL
        SELECT 2, exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM malignant_neoplasm
        UNION ALL
        SELECT 3, exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM total_colectomy
        UNION ALL
        -- "Is Age 66 or Older with Advanced Illness and Frailty".
        SELECT 4, 'AdvancedIllnessFrailty', f.patient_key, f.evidence_date,
               f.evidence_value || coalesce(' with ' || f.illness_value, ''),
               f.evidence_table, f.evidence_record_id, f.evidence_source_id
        FROM m_advanced_illness_frailty f
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
          AND f.advanced_illness
          AND f.status_1_15
        UNION ALL
        -- "Is Age 66 or Older Living Long Term in a Nursing Home".
        SELECT 5, 'NursingHome', n.patient_key, n.evidence_date, n.evidence_value,
               n.evidence_table, n.evidence_record_id, n.evidence_source_id
        FROM m_nursing_home n
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
        UNION ALL
        SELECT 6, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_15
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table, evidence_record_id) = 1
),
screening AS (
    -- Every screening on or before the end of the period, with the first day of its look-back window.
    -- Laboratory tests (isLaboratoryTestPerformed: final, amended, corrected) are dated by effective.latest()
    -- and need a result; "FOBT" counts in the period, "sDNA FIT" from 2 years before its start.
    SELECT
        patient_key,
        CASE role WHEN 'fecal_occult_blood_test_fobt' THEN 'FOBT' ELSE 'sDNA FIT test' END AS kind,
        effective_latest::DATE AS day,
        CASE role
            WHEN 'fecal_occult_blood_test_fobt' THEN $period_start
            ELSE ($period_start - INTERVAL 2 YEAR)::DATE
        END AS window_start,
        has_value AS has_result,
        coalesce(display, code) AS display,
        'observation' AS evidence_table,
        observation_id AS record_id,
        source_id
    FROM m_observation
    WHERE role IN ('fecal_occult_blood_test_fobt', 'sdna_fit_test')
      AND is_observation_final(status)
      AND effective_latest::DATE <= $period_end
    UNION ALL
    -- "CT Colonography Performed": a diagnostic study (final, amended, corrected, category imaging) whose
    -- effective time ends in the period or the 4 years before.
    SELECT
        patient_key,
        'CT colonography',
        effective_end::DATE,
        ($period_start - INTERVAL 4 YEAR)::DATE,
        true,
        coalesce(display, code),
        'observation',
        observation_id,
        source_id
    FROM m_observation
    WHERE role = 'ct_colonography'
      AND is_observation_final(status)
      AND list_contains(category_codes, 'imaging')
      AND effective_end::DATE <= $period_end
    UNION ALL
    -- "Flexible Sigmoidoscopy Performed" (4 years before the period) and "Colonoscopy Performed" (9 years
    -- before): completed procedures, dated by the end of their performed time.
    SELECT
        patient_key,
        CASE role WHEN 'colonoscopy' THEN 'Colonoscopy' ELSE 'Flexible sigmoidoscopy' END,
        performed_end::DATE,
        CASE role
            WHEN 'colonoscopy' THEN ($period_start - INTERVAL 9 YEAR)::DATE
            ELSE ($period_start - INTERVAL 4 YEAR)::DATE
        END,
        true,
        coalesce(display, code),
        'procedure',
        procedure_id,
        source_id
    FROM m_procedure
    WHERE role IN ('colonoscopy', 'flexible_sigmoidoscopy')
      AND is_procedure_performed(status)
      AND performed_end::DATE <= $period_end
),
best_screening AS (
    -- The screening that decides the outcome: one that counts, else one in its window without a result,
    -- else the latest one; the latest first within each.
    SELECT
        *,
        day >= window_start AS in_window,
        -- the first one that counts: the numerator holds from then (the month-end trend)
        min(day) FILTER (WHERE day >= window_start AND has_result) OVER (PARTITION BY patient_key) AS first_counting
    FROM screening
    QUALIFY row_number() OVER (
        PARTITION BY patient_key
        ORDER BY day >= window_start AND has_result DESC, day >= window_start DESC, day DESC, record_id
    ) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        ip.stratum,
        s.day AS evidence_date,
        s.kind,
        s.display AS evidence_value,
        s.evidence_table,
        s.record_id AS evidence_record_id,
        s.source_id AS evidence_source_id,
        s.first_counting AS numerator_since,
        CASE
            WHEN s.patient_key IS NULL THEN 'NotFound'
            WHEN NOT s.in_window THEN 'DateOutOfRange'
            WHEN NOT s.has_result THEN 'NoResult'
            ELSE 'Present'
        END AS gap_reason
    FROM initial_population ip
    LEFT JOIN best_screening s USING (patient_key)
)
SELECT
    x.* EXCLUDE (priority),
    ip.stratum,
    'Group_1' AS group_id,
    'exclusion' AS population
FROM exclusion x
JOIN initial_population ip USING (patient_key)
UNION ALL BY NAME
SELECT
    o.patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    o.gap_reason = 'Present' AS numerator,
    o.stratum,
    o.evidence_date,
    o.evidence_value,
    o.evidence_table,
    o.evidence_record_id,
    o.evidence_source_id,
    CASE WHEN o.gap_reason = 'Present' THEN [o.numerator_since] END AS numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN format('No colorectal cancer screening on record by {}.', $period_end)
        WHEN 'DateOutOfRange' THEN format('Last screening, {} ({}) on {}, is too old to count for this period.',
                                          o.kind, o.evidence_value, o.evidence_date)
        WHEN 'NoResult' THEN format('{} ({}) on {} has no result.', o.kind, o.evidence_value, o.evidence_date)
        ELSE format('{} ({}) on {}.', o.kind, o.evidence_value, o.evidence_date)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE WHEN o.gap_reason <> 'Present'
         THEN format('Order a FIT/FOBT kit or refer for colonoscopy; a resulted FOBT by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key);
