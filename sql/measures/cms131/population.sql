-- CMS131 Diabetes: Eye Exam (DiabetesEyeExamFHIR 0.0.002, QI-Core 4.1.1 content for the 2025
-- performance period).
-- Numerator: a retinal or dilated eye exam during the period; for a patient without diabetic retinopathy
-- overlapping the period, an exam in the year before the period counts too.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition,
-- m_observation, m_hospice, m_advanced_illness_frailty, m_nursing_home, m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- "Qualifying Encounters": performed visits of these kinds during the period.
    SELECT DISTINCT patient_key
    FROM m_encounter
    WHERE role IN (
            'office_visit',
            'annual_wellness_visit',
            'preventive_care_services_established_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_18_and_up',
            'home_healthcare_services',
            'ophthalmological_services',
            'telephone_visits')
      AND performed
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
diabetes AS (
    -- Diabetes prevalent during the period (this version tests no verification status).
    SELECT DISTINCT patient_key
    FROM m_condition
    WHERE role = 'diabetes'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
),
initial_population AS (
    -- Age 18-75 at the end of the period, a qualifying encounter and diabetes.
    SELECT
        p.patient_key,
        p.age
    FROM m_patient p
    SEMI JOIN qualifying_encounter USING (patient_key)
    SEMI JOIN diabetes USING (patient_key)
    WHERE p.age BETWEEN 18 AND 75
),
exclusion AS (
    -- "Denominator Exclusions", in the CQL's order; the first that applies is reported. The libraries this
    -- measure includes (Hospice 6.12.000, AdvancedIllnessandFrailty 1.16.000, PalliativeCare 1.11.000) use
    -- Status 1.8.000: the library rows with status_1_8 (sql/measures/shared/hospice.sql).
    SELECT
        *
    FROM (
        SELECT 1 AS priority, 'Hospice' AS exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_hospice
        WHERE status_1_8
        UNION ALL
        -- "Is Age 66 or Older with Advanced Illness and Frailty".
        SELECT 2, 'AdvancedIllnessFrailty', f.patient_key, f.evidence_date,
               f.evidence_value || coalesce(' with ' || f.illness_value, ''),
               f.evidence_table, f.evidence_record_id, f.evidence_source_id
        FROM m_advanced_illness_frailty f
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
          AND f.advanced_illness_1_8
          AND f.status_1_8
        UNION ALL
        SELECT 3, 'NursingHome', n.patient_key, n.evidence_date, n.evidence_value,
               n.evidence_table, n.evidence_record_id, n.evidence_source_id
        FROM m_nursing_home n
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
          AND n.status_1_8
        UNION ALL
        SELECT 4, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_8
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority) = 1
),
retinopathy AS (
    -- "Diabetic Retinopathy Overlapping Measurement Period".
    SELECT
        patient_key,
        -- the latest onset (ties: the greatest text, not whichever row comes first); an unknown onset is skipped
        arg_max(coalesce(display, code), (prevalence_start, coalesce(display, code)))
            FILTER (WHERE prevalence_start IS NOT NULL) AS retinopathy
    FROM m_condition
    WHERE role = 'diabetic_retinopathy'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
    GROUP BY patient_key
),
eye_exam AS (
    -- Retinal or dilated eye exams (Status 1.8.000 isPhysicalExamPerformed: final, amended or corrected,
    -- with category exam) up to the end of the period. in_period / in_window: its effective interval
    -- is during day of the period / of [start of the period - 1 year, end of the period].
    SELECT
        o.patient_key,
        o.observation_id,
        o.source_id,
        coalesce(o.display, o.code) AS display,
        o.effective_latest,
        interval_during_day(o.effective_start, o.effective_end, $period_start, $period_end) AS in_period,
        interval_during_day(o.effective_start, o.effective_end, ($period_start - INTERVAL 1 YEAR)::DATE, $period_end) AS in_window
    FROM m_observation o
    SEMI JOIN initial_population USING (patient_key)
    WHERE o.role = 'retinal_or_dilated_eye_exam'
      AND is_observation_final(o.status)
      AND list_contains(o.category_codes, 'exam')
      AND o.effective_latest::DATE <= $period_end
),
deciding_exam AS (
    -- The exam that decides: one in the period, else one in the year before, else the latest earlier one.
    -- first_in_*: the first exam in the period / window, from which the numerator holds (month-end trend).
    SELECT
        *,
        min(effective_latest) FILTER (WHERE in_period) OVER (PARTITION BY patient_key) AS first_in_period,
        min(effective_latest) FILTER (WHERE in_window) OVER (PARTITION BY patient_key) AS first_in_window
    FROM eye_exam
    QUALIFY row_number() OVER (
        PARTITION BY patient_key
        ORDER BY in_period DESC, in_window DESC, effective_latest DESC, observation_id
    ) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        r.patient_key IS NOT NULL AS has_retinopathy,
        r.retinopathy,
        e.observation_id,
        e.source_id,
        e.display,
        e.effective_latest::DATE AS exam_date,
        -- Numerator: with retinopathy an exam in the period, without it one in the period or year before.
        CASE
            WHEN e.in_period OR (e.in_window AND r.patient_key IS NULL) THEN 'Present'
            WHEN e.patient_key IS NULL THEN 'NotFound'
            ELSE 'DateOutOfRange'
        END AS gap_reason,
        CASE WHEN r.patient_key IS NULL THEN ($period_start - INTERVAL 1 YEAR)::DATE ELSE $period_start END AS window_start,
        CASE WHEN r.patient_key IS NULL THEN e.first_in_window ELSE e.first_in_period END::DATE AS numerator_since
    FROM initial_population ip
    LEFT JOIN retinopathy r USING (patient_key)
    LEFT JOIN deciding_exam e USING (patient_key)
)
SELECT
    * EXCLUDE (priority),
    'Group_1' AS group_id,
    'exclusion' AS population
FROM exclusion
UNION ALL BY NAME
SELECT
    o.patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    o.gap_reason = 'Present' AS numerator,
    o.exam_date AS evidence_date,
    o.display AS evidence_value,
    CASE WHEN o.observation_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.observation_id AS evidence_record_id,
    o.source_id AS evidence_source_id,
    CASE WHEN o.gap_reason = 'Present' THEN [o.numerator_since] END AS numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'Present' THEN format('Retinal or dilated eye exam on {}{}.', o.exam_date,
                                   CASE WHEN o.has_retinopathy THEN ' (diabetic retinopathy: exam in the period)' ELSE '' END)
        WHEN 'NotFound' THEN format('No retinal or dilated eye exam between {} and {}.', o.window_start, $period_end)
        WHEN 'DateOutOfRange' THEN format('Last retinal or dilated eye exam on {} is before {}{}.', o.exam_date, o.window_start,
                                          CASE WHEN o.has_retinopathy THEN format(' (diabetic retinopathy: {})', o.retinopathy) ELSE '' END)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE WHEN o.gap_reason <> 'Present'
         THEN format('Refer for a retinal or dilated eye exam by an eye care professional; an exam by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key);
