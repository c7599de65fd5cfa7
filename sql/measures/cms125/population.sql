-- CMS125 Breast Cancer Screening (CMS125FHIRBreastCancerScreening 0.4.000).
-- Numerator: a mammogram ending between October 1 two years before the period and the end of the period
-- (27 months).
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1), with
-- the age stratum: Stratification_1_1 (42-51) or Stratification_1_2 (52-74).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_condition, m_procedure,
-- m_observation, m_adult_outpatient_encounters, m_hospice, m_advanced_illness_frailty, m_nursing_home,
-- m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH lookback AS (
    -- "October 1 Two Years Prior to the Measurement Period".
    SELECT make_date(year($period_start)::INTEGER - 2, 10, 1) AS screening_from
),
initial_population AS (
    -- Women (QI-Core Patient.sex = Female (finding) 248152002) aged 42-74 at the end of the period with a
    -- qualifying outpatient encounter; "Stratification 1" is age 42-51, "Stratification 2" age 52-74.
    SELECT
        p.patient_key,
        p.age,
        CASE WHEN p.age <= 51 THEN 'Stratification_1_1' ELSE 'Stratification_1_2' END AS stratum
    FROM m_patient p
    SEMI JOIN m_adult_outpatient_encounters USING (patient_key)
    WHERE p.age BETWEEN 42 AND 74
      AND p.sex_code = '248152002'
),
mastectomy_evidence AS (
    -- "Right/Left/Bilateral Mastectomy Diagnosis": verified conditions whose prevalence starts on or before
    -- the end of the period (without onset, only when abated: prevalence_start_day). A mastectomy of unspecified
    -- laterality counts for the side its bodySite names: Left (qualifier value) 7771000, Right 24028007.
    SELECT
        patient_key,
        role = 'status_post_left_mastectomy'
            OR (role = 'unilateral_mastectomy_unspecified_laterality'
                AND has_coding(body_site_codings, 'SNOMEDCT', '7771000')) AS left_side,
        role = 'status_post_right_mastectomy'
            OR (role = 'unilateral_mastectomy_unspecified_laterality'
                AND has_coding(body_site_codings, 'SNOMEDCT', '24028007')) AS right_side,
        role = 'history_of_bilateral_mastectomy' AS both_sides,
        least(prevalence_start, $period_end)::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'condition' AS evidence_table,
        condition_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_condition
    WHERE role IN (
            'status_post_left_mastectomy',
            'status_post_right_mastectomy',
            'unilateral_mastectomy_unspecified_laterality',
            'history_of_bilateral_mastectomy')
      AND verified
      AND prevalence_start_day(prevalence_start, prevalence_end) <= $period_end
    UNION ALL
    -- "Right/Left/Bilateral Mastectomy Procedure": performed, ending on or before the end of the period.
    SELECT
        patient_key,
        role = 'unilateral_mastectomy_left',
        role = 'unilateral_mastectomy_right',
        role = 'bilateral_mastectomy',
        performed_end::DATE,
        coalesce(display, code),
        'procedure',
        procedure_id,
        source_id
    FROM m_procedure
    WHERE role IN ('unilateral_mastectomy_left', 'unilateral_mastectomy_right', 'bilateral_mastectomy')
      AND is_procedure_performed(status)
      AND performed_end::DATE <= $period_end
),
mastectomy AS (
    -- Bilateral mastectomy, or a right and a left one (diagnosis or procedure each). Evidence: the latest
    -- bilateral record, else the latest unilateral one (the side that completed the pair); of records on
    -- the same day, the one with the greatest table and id, so the choice does not depend on row order.
    SELECT
        patient_key,
        CASE WHEN bool_or(both_sides) THEN 'BilateralMastectomy' ELSE 'RightAndLeftMastectomy' END AS exclusion_reason,
        coalesce(
            max_by({'date': evidence_date, 'value': evidence_value, 'table': evidence_table,
                    'record_id': evidence_record_id, 'source_id': evidence_source_id},
                   (evidence_date, evidence_table, evidence_record_id))
                FILTER (WHERE both_sides),
            max_by({'date': evidence_date, 'value': evidence_value, 'table': evidence_table,
                    'record_id': evidence_record_id, 'source_id': evidence_source_id},
                   (evidence_date, evidence_table, evidence_record_id))
        ) AS evidence
    FROM mastectomy_evidence
    GROUP BY patient_key
    HAVING bool_or(both_sides) OR (bool_or(left_side) AND bool_or(right_side))
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
        SELECT 2, exclusion_reason, patient_key, evidence.date, evidence.value,
               evidence.table, evidence.record_id, evidence.source_id
        FROM mastectomy
        UNION ALL
        -- "Is Age 66 or Older with Advanced Illness and Frailty".
        SELECT 3, 'AdvancedIllnessFrailty', f.patient_key, f.evidence_date,
               f.evidence_value || coalesce(' with ' || f.illness_value, ''),
               f.evidence_table, f.evidence_record_id, f.evidence_source_id
        FROM m_advanced_illness_frailty f
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
          AND f.advanced_illness
          AND f.status_1_15
        UNION ALL
        -- "Is Age 66 or Older Living Long Term in a Nursing Home".
        SELECT 4, 'NursingHome', n.patient_key, n.evidence_date, n.evidence_value,
               n.evidence_table, n.evidence_record_id, n.evidence_source_id
        FROM m_nursing_home n
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
        UNION ALL
        SELECT 5, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_15
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table, evidence_record_id) = 1
),
mammogram AS (
    -- [ObservationClinicalResult: "Mammography"].isDiagnosticStudyPerformed() (Status 1.15.000): final,
    -- amended or corrected, with category imaging. Dated by the end of its effective time.
    SELECT
        patient_key,
        effective_end::DATE AS day,
        coalesce(display, code) AS display,
        observation_id,
        source_id
    FROM m_observation
    WHERE role = 'mammography'
      AND is_observation_final(status)
      AND list_contains(category_codes, 'imaging')
      AND effective_end::DATE <= $period_end
),
latest_mammogram AS (
    SELECT
        m.*,
        m.day >= l.screening_from AS in_window,
        -- the first one in the window: the numerator holds from then (the month-end trend)
        min(m.day) FILTER (WHERE m.day >= l.screening_from) OVER (PARTITION BY m.patient_key) AS first_in_window
    FROM mammogram m
    CROSS JOIN lookback l
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY day DESC, observation_id) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        ip.stratum,
        m.day AS evidence_date,
        m.display AS evidence_value,
        m.observation_id AS evidence_record_id,
        m.source_id AS evidence_source_id,
        m.first_in_window AS numerator_since,
        CASE
            WHEN m.patient_key IS NULL THEN 'NotFound'
            WHEN m.in_window THEN 'Present'
            ELSE 'DateOutOfRange'
        END AS gap_reason
    FROM initial_population ip
    LEFT JOIN latest_mammogram m USING (patient_key)
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
    CASE WHEN o.evidence_record_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.evidence_record_id,
    o.evidence_source_id,
    CASE WHEN o.gap_reason = 'Present' THEN [o.numerator_since] END AS numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN format('No mammogram on record by {}.', $period_end)
        WHEN 'DateOutOfRange' THEN format('Last mammogram ({}) on {} is before {}.', o.evidence_value, o.evidence_date,
                                          l.screening_from)
        ELSE format('Mammogram ({}) on {}.', o.evidence_value, o.evidence_date)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE WHEN o.gap_reason <> 'Present'
         THEN format('Order a screening mammogram; one resulted by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
CROSS JOIN lookback l
ANTI JOIN exclusion USING (patient_key);
