-- CMS138 Preventive Care and Screening: Tobacco Use: Screening and Cessation Intervention
-- (PreventiveCareAndTobaccoUseScreeningAndCessationInterventionFHIR 0.0.001, QI-Core 4.1.1 content for the
-- 2025 performance period). Three population groups over one initial population:
--   Group_1: numerator = the most recent screening in the period says tobacco user or non-user;
--   Group_2: denominator = that screening says tobacco user; numerator = a cessation intervention;
--   Group_3: numerator = non-user, or user with a cessation intervention.
-- Cessation interventions count from 6 months before the period to its end. Hospice excludes in every group.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population per group.
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_observation,
-- m_procedure, m_condition, m_medication_request, m_hospice.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_visit AS (
    -- "Qualifying Visit During Measurement Period": performed visits during day of the period, counted
    -- per encounter (an encounter in several of these value sets is one visit).
    SELECT
        patient_key,
        count(DISTINCT encounter_id) AS visits
    FROM m_encounter
    WHERE role IN (
            'health_behavior_intervention_individual',
            'health_behavior_assessment',
            'home_healthcare_services',
            'occupational_therapy_evaluation',
            'office_visit',
            'ophthalmological_services',
            'physical_therapy_evaluation',
            'psych_visit_diagnostic_evaluation',
            'psych_visit_psychotherapy',
            'psychoanalysis',
            'speech_and_hearing_evaluation',
            'telephone_visits',
            'virtual_encounter')
      AND performed
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
    GROUP BY patient_key
),
preventive_visit AS (
    -- "Preventive Visit During Measurement Period".
    SELECT DISTINCT patient_key
    FROM m_encounter
    WHERE role IN (
            'annual_wellness_visit',
            'preventive_care_services_established_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_18_and_up',
            'preventive_care_established_office_visit_0_to_17',
            'preventive_care_services_initial_office_visit_0_to_17',
            'preventive_care_services_group_counseling',
            'preventive_care_services_individual_counseling',
            'unlisted_preventive_medicine_service',
            'postoperative_follow_up_visit',
            'nutrition_services')
      AND performed
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
initial_population AS (
    -- Age 12 or older at the start of the period, with two qualifying visits or one preventive visit.
    SELECT p.patient_key
    FROM m_patient p
    LEFT JOIN qualifying_visit v USING (patient_key)
    WHERE age_in_years(p.birth_date, $period_start) >= 12
      AND (v.visits >= 2 OR p.patient_key IN (SELECT patient_key FROM preventive_visit))
),
screening AS (
    -- Tobacco use screenings (Status 1.8.000 isAssessmentPerformed: final, amended or corrected, with
    -- category survey).
    SELECT
        o.patient_key,
        o.observation_id,
        o.source_id,
        o.effective_start,
        o.effective_end,
        o.effective_latest,
        o.value_codings,
        coalesce(list_filter(o.value_codings, v -> v.display IS NOT NULL)[1].display, o.value_codings[1].code) AS result
    FROM m_observation o
    SEMI JOIN initial_population USING (patient_key)
    WHERE o.role = 'tobacco_use_screening'
      AND is_observation_final(o.status)
      AND list_contains(o.category_codes, 'survey')
),
most_recent_screening AS (
    -- "Most Recent Tobacco Use Screening ...": the last screening during day of the period, sorted by
    -- the start of its effective time (ties, which the CQL leaves in source order, by record id).
    SELECT *
    FROM screening
    WHERE interval_during_day(effective_start, effective_end, $period_start, $period_end)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY effective_start DESC, observation_id DESC) = 1
),
most_recent_result AS (
    -- Whether that screening's value is in "Tobacco User" / "Tobacco Non User" (CQL `value as Concept in`).
    SELECT
        s.observation_id,
        bool_or(k.role = 'tobacco_user') AS tobacco_user,
        bool_or(k.role = 'tobacco_non_user') AS tobacco_non_user
    FROM (SELECT observation_id, unnest(value_codings) AS v FROM most_recent_screening) s
    JOIN m_code k ON k.code_system = s.v.system AND k.code = s.v.code
    WHERE k.role IN ('tobacco_user', 'tobacco_non_user')
    GROUP BY s.observation_id
),
earlier_screening AS (
    -- The last screening before the period, to explain a missing one.
    SELECT *
    FROM screening
    WHERE effective_latest::DATE < $period_start
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY effective_latest DESC, observation_id DESC) = 1
),
intervention AS (
    -- "Tobacco Cessation Counseling Given": counseling performed during day of
    -- [start of the period - 6 months, end of the period] ...
    SELECT
        patient_key,
        latest_of(performed_start, performed_end)::DATE AS intervention_date,
        'cessation counseling' AS kind,
        coalesce(display, code) AS display,
        'procedure' AS record_table,
        procedure_id AS record_id,
        source_id,
        1 AS branch
    FROM m_procedure
    WHERE role = 'tobacco_use_cessation_counseling'
      AND is_procedure_performed(status)
      AND interval_during_day(performed_start, performed_end, ($period_start - INTERVAL 6 MONTH)::DATE, $period_end)
    UNION ALL
    -- ... or a "Tobacco abuse counseling" (Z71.6) condition whose prevalence starts in that window.
    SELECT
        patient_key,
        prevalence_start::DATE,
        'cessation counseling',
        coalesce(display, code),
        'condition',
        condition_id,
        source_id,
        2
    FROM m_condition
    WHERE role = 'tobacco_abuse_counseling'
      AND interval_starts_during_day(prevalence_start, ($period_start - INTERVAL 6 MONTH)::DATE, $period_end)
    UNION ALL
    -- "Tobacco Cessation Pharmacotherapy Ordered": Medication, Order (Status 1.8.000 isMedicationOrder:
    -- active or completed, intent order; the same test as is_order) authored in the window.
    SELECT
        patient_key,
        authored_on::DATE,
        'cessation pharmacotherapy',
        coalesce(display, code),
        'medication_request',
        medication_request_id,
        source_id,
        3
    FROM m_medication_request
    WHERE role = 'tobacco_use_cessation_pharmacotherapy'
      AND is_order(status, intent)
      AND point_during_day(authored_on, ($period_start - INTERVAL 6 MONTH)::DATE, $period_end)
    UNION ALL
    -- "Active Pharmacotherapy for Tobacco Cessation": an active order (isMedicationActive) whose
    -- medicationRequestPeriod() is during day of the window. The period is CumulativeMedicationDuration
    -- 4.1.000's, computed at ingest (period_start, period_end; a null one is during nothing): it starts at
    -- the dosage boundsPeriod start, else authoredOn, else the validity period start, so an order authored
    -- before the window can count when its dosage starts in it. Dated by the start of that period.
    SELECT
        patient_key,
        period_start,
        'cessation pharmacotherapy',
        coalesce(display, code),
        'medication_request',
        medication_request_id,
        source_id,
        4
    FROM m_medication_request
    WHERE role = 'tobacco_use_cessation_pharmacotherapy'
      AND is_medication_active(status, intent)
      AND interval_during_day(period_start, period_end, ($period_start - INTERVAL 6 MONTH)::DATE, $period_end)
),
latest_intervention AS (
    SELECT *
    FROM intervention
    SEMI JOIN initial_population USING (patient_key)
    -- The latest, then the lowest record id; record ids of different tables can be equal, so then the
    -- first kind in the CQL's order (branch).
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY intervention_date DESC, record_id, branch) = 1
),
fact_day AS (
    -- For the month-end trend: each patient's screenings during the period in the order "most recent"
    -- sorts them (day: the day it starts; whether its value is in "Tobacco User" / "Tobacco Non User"), the
    -- first day of a cessation intervention in the window, and the days either changes.
    SELECT
        patient_key,
        s.screenings,
        i.first_intervention,
        fact_days(list_transform(s.screenings, x -> x.day) || [i.first_intervention]) AS days
    FROM (
        SELECT
            patient_key,
            -- sorted as structs, by their first fields (an ordered aggregate costs several times more)
            list_sort(list({
                'start': effective_start,
                'id': observation_id,
                'day': effective_start::DATE,
                'user': codings_in_role(value_codings, 'tobacco_user'),
                'non_user': codings_in_role(value_codings, 'tobacco_non_user')
            })) AS screenings
        FROM screening
        WHERE interval_during_day(effective_start, effective_end, $period_start, $period_end)
        GROUP BY patient_key
    ) s
    FULL JOIN (
        SELECT patient_key, min(intervention_date) AS first_intervention
        FROM intervention
        GROUP BY patient_key
    ) i USING (patient_key)
),
numerator_change AS (
    -- With the data up to a day, each group's numerator as the latest screening by then (latest[i]: on
    -- days[i]) and an intervention by then say: the days it began or stopped holding.
    SELECT
        patient_key,
        held_changes(days, list_transform(latest, s -> coalesce(s.user OR s.non_user, false))) AS group_1,
        held_changes(days, list_transform(days, d -> coalesce(first_intervention <= d, false))) AS group_2,
        held_changes(days, list_transform(latest, (s, i) ->
            coalesce(s.non_user, false) OR (coalesce(s.user, false) AND coalesce(first_intervention <= days[i], false))
        )) AS group_3
    FROM (
        SELECT
            *,
            list_transform(days, d -> list_filter(screenings, x -> x.day <= d)[-1]) AS latest
        FROM fact_day
    )
),
patient_facts AS (
    -- Everything the three groups decide on, one row per patient in the initial population.
    SELECT
        ip.patient_key,
        coalesce(r.tobacco_user, false) AS tobacco_user,
        coalesce(r.tobacco_non_user, false) AS tobacco_non_user,
        i.patient_key IS NOT NULL AS intervened,
        h.patient_key IS NOT NULL AS hospice,
        -- Group 1 outcome and its evidence (the screening in the period, else the last earlier one).
        CASE
            WHEN r.tobacco_user OR r.tobacco_non_user THEN 'Present'
            WHEN s.patient_key IS NOT NULL THEN 'NoResult'
            WHEN b.patient_key IS NOT NULL THEN 'DateOutOfRange'
            ELSE 'NotFound'
        END AS screening_reason,
        coalesce(s.effective_latest, b.effective_latest)::DATE AS screening_date,
        coalesce(s.result, b.result) AS screening_result,
        coalesce(s.observation_id, b.observation_id) AS screening_id,
        coalesce(s.source_id, b.source_id) AS screening_source_id,
        i.intervention_date,
        i.kind AS intervention_kind,
        i.display AS intervention_value,
        i.record_table AS intervention_table,
        i.record_id AS intervention_id,
        i.source_id AS intervention_source_id,
        h.evidence_date AS hospice_date,
        h.evidence_value AS hospice_value,
        h.evidence_table AS hospice_table,
        h.evidence_record_id AS hospice_id,
        h.evidence_source_id AS hospice_source_id,
        c.group_1 AS changes_1,
        c.group_2 AS changes_2,
        c.group_3 AS changes_3
    FROM initial_population ip
    LEFT JOIN most_recent_screening s USING (patient_key)
    LEFT JOIN most_recent_result r ON r.observation_id = s.observation_id
    LEFT JOIN earlier_screening b USING (patient_key)
    LEFT JOIN latest_intervention i USING (patient_key)
    -- Hospice 6.12.000 uses Status 1.8.000: the m_hospice rows with status_1_8.
    LEFT JOIN (SELECT * FROM m_hospice WHERE status_1_8) h USING (patient_key)
    LEFT JOIN numerator_change c USING (patient_key)
),
screening_text AS (
    -- The sentence and action for the screening outcome (groups 1 and 3).
    SELECT
        *,
        CASE screening_reason
            WHEN 'Present' THEN format('Screened for tobacco use on {}: {}.', screening_date,
                                       coalesce(screening_result, CASE WHEN tobacco_user THEN 'tobacco user' ELSE 'non-user' END))
            WHEN 'NoResult' THEN format('Most recent tobacco use screening on {} records neither tobacco use nor non-use.', screening_date)
            WHEN 'DateOutOfRange' THEN format('Last tobacco use screening on {} is before the measurement period.', screening_date)
            ELSE format('No tobacco use screening between {} and {}.', $period_start, $period_end)
        END AS screening_gap_text,
        format('Tobacco user (screened on {}); no cessation counseling or pharmacotherapy between {} and {}.',
               screening_date, ($period_start - INTERVAL 6 MONTH)::DATE, $period_end) AS no_intervention_text,
        format('Tobacco {} on {}: {}.', intervention_kind, intervention_date, intervention_value) AS intervention_text
    FROM patient_facts
),
group_row AS (
    -- Group_1: everyone; numerator = screened with a result.
    SELECT
        patient_key,
        'Group_1' AS group_id,
        true AS denominator,
        hospice AS denominator_exclusion,
        screening_reason = 'Present' AS met,
        screening_reason AS gap_reason,
        screening_gap_text AS gap_text,
        false AS by_intervention,
        format('Screen for tobacco use and record use or non-use; a screening by {} closes the gap.', $period_end) AS action,
        changes_1 AS changes,
        * EXCLUDE (patient_key)
    FROM screening_text
    UNION ALL
    -- Group_2: tobacco users; numerator = a cessation intervention.
    SELECT
        patient_key,
        'Group_2',
        tobacco_user,
        tobacco_user AND hospice,
        intervened,
        CASE WHEN NOT tobacco_user THEN NULL WHEN intervened THEN 'Present' ELSE 'NotFound' END,
        CASE
            WHEN NOT tobacco_user THEN 'Not in this population: no screening in the period identified a tobacco user.'
            WHEN intervened THEN intervention_text
            ELSE no_intervention_text
        END,
        intervened,
        format('Provide tobacco cessation counseling or order cessation pharmacotherapy by {}.', $period_end),
        changes_2,
        * EXCLUDE (patient_key)
    FROM screening_text
    UNION ALL
    -- Group_3: everyone; numerator = non-user, or tobacco user with a cessation intervention.
    SELECT
        patient_key,
        'Group_3',
        true,
        hospice,
        tobacco_non_user OR (tobacco_user AND intervened),
        CASE
            WHEN tobacco_non_user OR (tobacco_user AND intervened) THEN 'Present'
            WHEN tobacco_user THEN 'NotFound'
            ELSE screening_reason
        END,
        CASE
            WHEN tobacco_non_user THEN screening_gap_text
            WHEN tobacco_user AND intervened THEN intervention_text
            WHEN tobacco_user THEN no_intervention_text
            ELSE screening_gap_text
        END,
        tobacco_user AND NOT tobacco_non_user AND intervened,
        CASE
            WHEN tobacco_user THEN format('Provide tobacco cessation counseling or order cessation pharmacotherapy by {}.', $period_end)
            ELSE format('Screen for tobacco use (and intervene if the patient uses tobacco) by {}.', $period_end)
        END,
        changes_3,
        * EXCLUDE (patient_key)
    FROM screening_text
)
SELECT
    patient_key,
    group_id,
    CASE WHEN denominator_exclusion THEN 'exclusion' ELSE 'outcome' END AS population,
    denominator,
    denominator AND met AS numerator,
    CASE WHEN denominator_exclusion THEN hospice_date WHEN by_intervention THEN intervention_date ELSE screening_date END AS evidence_date,
    CASE WHEN denominator_exclusion THEN hospice_value WHEN by_intervention THEN intervention_value ELSE screening_result END AS evidence_value,
    CASE
        WHEN denominator_exclusion THEN hospice_table
        WHEN by_intervention THEN intervention_table
        WHEN screening_id IS NOT NULL THEN 'observation'
    END AS evidence_table,
    CASE WHEN denominator_exclusion THEN hospice_id WHEN by_intervention THEN intervention_id ELSE screening_id END AS evidence_record_id,
    CASE WHEN denominator_exclusion THEN hospice_source_id WHEN by_intervention THEN intervention_source_id ELSE screening_source_id END AS evidence_source_id,
    CASE WHEN denominator_exclusion THEN 'Hospice' END AS exclusion_reason,
    CASE WHEN NOT denominator_exclusion THEN gap_reason END AS gap_reason,
    CASE WHEN NOT denominator_exclusion THEN gap_text END AS gap_text,
    CASE WHEN denominator AND NOT denominator_exclusion AND NOT met THEN $period_end END AS close_by,
    CASE WHEN denominator AND NOT denominator_exclusion AND NOT met THEN action END AS close_action,
    changes AS numerator_changes
FROM group_row;
