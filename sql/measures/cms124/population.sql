-- CMS124 Cervical Cancer Screening (CMS124FHIRCervicalCancerScreening 0.4.000).
-- Numerator: cervical cytology with a result in the period or the 2 years before, or an HPV test with a
-- result in the period or the 4 years before taken at age 30 or older.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition, m_procedure,
-- m_observation, m_hospice, m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- The measure's own "Qualifying Encounters" (no annual wellness visit): performed during the period
    -- (Status 1.15.000 isEncounterPerformed: status 'finished' only).
    SELECT DISTINCT patient_key
    FROM m_encounter
    WHERE role IN (
            'office_visit',
            'preventive_care_services_established_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_18_and_up',
            'home_healthcare_services',
            'telephone_visits',
            'virtual_encounter')
      AND status = 'finished'
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
initial_population AS (
    -- Women (QI-Core Patient.sex = Female (finding) 248152002) aged 24-64 at the end of the period with a
    -- qualifying encounter.
    SELECT
        p.patient_key,
        p.birth_date
    FROM m_patient p
    SEMI JOIN qualifying_encounter USING (patient_key)
    WHERE p.age BETWEEN 24 AND 64
      AND p.sex_code = '248152002'
),
absence_of_cervix AS (
    -- "Absence of Cervix": hysterectomy with no residual cervix performed, ending on or before the end of
    -- the period; or a verified absence-of-cervix diagnosis whose prevalence starts on or before it
    -- (without onset, only when abated: prevalence_start_day).
    SELECT
        patient_key,
        performed_end::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'procedure' AS evidence_table,
        procedure_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_procedure
    WHERE role = 'hysterectomy_with_no_residual_cervix'
      AND is_procedure_performed(status)
      AND performed_end::DATE <= $period_end
    UNION ALL
    SELECT
        patient_key,
        least(prevalence_start, $period_end)::DATE,
        coalesce(display, code),
        'condition',
        condition_id,
        source_id
    FROM m_condition
    WHERE role = 'congenital_or_acquired_absence_of_cervix'
      AND verified
      AND prevalence_start_day(prevalence_start, prevalence_end) <= $period_end
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
        SELECT 2, 'AbsenceOfCervix', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM absence_of_cervix
        UNION ALL
        SELECT 3, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_15
    )
    SEMI JOIN initial_population USING (patient_key)
    -- Within "Absence of Cervix" the latest record; on the same day the hysterectomy (the CQL's first
    -- branch: 'procedure' sorts after 'condition'), then the lowest record id.
    QUALIFY row_number() OVER (
        PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table DESC, evidence_record_id
    ) = 1
),
screening AS (
    -- Laboratory tests (isLaboratoryTestPerformed: final, amended, corrected) on or before the end of the
    -- period, dated by effective.latest(), with the first day of their look-back window. HPV tests count
    -- only when taken at age 30 or older.
    SELECT
        o.patient_key,
        CASE o.role WHEN 'pap_test' THEN 'Cervical cytology' ELSE 'HPV test' END AS kind,
        o.effective_latest::DATE AS day,
        CASE o.role
            WHEN 'pap_test' THEN ($period_start - INTERVAL 2 YEAR)::DATE
            ELSE ($period_start - INTERVAL 4 YEAR)::DATE
        END AS window_start,
        o.has_value AS has_result,
        coalesce(o.display, o.code) AS display,
        o.observation_id,
        o.source_id
    FROM m_observation o
    JOIN initial_population ip USING (patient_key)
    WHERE o.role IN ('pap_test', 'hpv_test')
      AND is_observation_final(o.status)
      AND o.effective_latest::DATE <= $period_end
      AND (o.role = 'pap_test' OR age_in_years(ip.birth_date, o.effective_latest::DATE) >= 30)
),
best_screening AS (
    -- The test that decides the outcome: one that counts, else one in its window without a result, else
    -- the latest one; the latest first within each.
    SELECT
        *,
        day >= window_start AS in_window,
        -- the first one that counts: the numerator holds from then (the month-end trend)
        min(day) FILTER (WHERE day >= window_start AND has_result) OVER (PARTITION BY patient_key) AS first_counting
    FROM screening
    QUALIFY row_number() OVER (
        PARTITION BY patient_key
        ORDER BY day >= window_start AND has_result DESC, day >= window_start DESC, day DESC, observation_id
    ) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        s.day AS evidence_date,
        s.kind,
        s.display AS evidence_value,
        s.observation_id AS evidence_record_id,
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
    o.evidence_date,
    o.evidence_value,
    CASE WHEN o.evidence_record_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.evidence_record_id,
    o.evidence_source_id,
    CASE WHEN o.gap_reason = 'Present' THEN [o.numerator_since] END AS numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN format('No cervical cytology or HPV test (at age 30 or older) on record by {}.', $period_end)
        WHEN 'DateOutOfRange' THEN format('Last test, {} ({}) on {}, is too old to count for this period.',
                                          o.kind, o.evidence_value, o.evidence_date)
        WHEN 'NoResult' THEN format('{} ({}) on {} has no result.', o.kind, o.evidence_value, o.evidence_date)
        ELSE format('{} ({}) on {}.', o.kind, o.evidence_value, o.evidence_date)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE WHEN o.gap_reason <> 'Present'
         THEN format('Perform cervical cytology (or HPV testing from age 30); a result by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key);
