-- CMS69 Preventive Care and Screening: BMI Screening and Follow-Up Plan
-- (CMS69FHIRPCSBMIScreenAndFollowUp 0.3.000).
-- Numerator: a BMI during the period, normal (18.5 to under 25 kg/m2, with no high or low BMI in the
-- period), or high (25 or more) / low (under 18.5) with a follow-up intervention starting in the period.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition,
-- m_observation, m_procedure, m_service_request, m_medication_request, m_hospice, m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- "Qualifying Encounter During Day Of Measurement Period": finished, not virtual (class !~ VR).
    SELECT DISTINCT
        patient_key,
        encounter_id,
        period_start,
        period_end
    FROM m_encounter
    WHERE role = 'encounter_to_evaluate_bmi'
      AND status = 'finished'
      AND coalesce(class_code, '') <> 'VR'
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
initial_population AS (
    -- Aged 18 or older on the day a qualifying encounter starts.
    SELECT DISTINCT
        p.patient_key
    FROM m_patient p
    JOIN qualifying_encounter e USING (patient_key)
    WHERE age_in_years(p.birth_date, e.period_start::DATE) >= 18
),
pregnancy AS (
    -- "Is Pregnant During Measurement Period": a pregnancy or related diagnosis prevalent during the
    -- period, or a pregnancy status observation during it whose answer is such a diagnosis.
    SELECT
        patient_key,
        greatest(prevalence_start, $period_start)::DATE AS evidence_date,
        display AS evidence_value,
        'condition' AS evidence_table,
        condition_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_condition
    WHERE role = 'pregnancy_or_other_related_diagnoses'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
    UNION ALL
    SELECT
        patient_key,
        least(effective_latest, $period_end)::DATE,
        coalesce(list_filter(value_codings, v -> v.display IS NOT NULL)[1].display, 'pregnant'),
        'observation',
        observation_id,
        source_id
    FROM m_observation
    WHERE role = 'pregnancy_status'
      AND interval_overlaps_day(effective_start, effective_end, $period_start, $period_end)
      AND codings_in_role(value_codings, 'pregnancy_or_other_related_diagnoses')
),
exclusion AS (
    -- "Denominator Exclusions", in the CQL's order; the first that applies is reported.
    SELECT
        *
    FROM (
        SELECT 1 AS priority, 'Hospice' AS exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_hospice
        WHERE status_1_13                            -- Hospice 6.15.000 (sql/measures/shared/hospice.sql)
        UNION ALL
        SELECT 2, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        UNION ALL
        SELECT 3, 'Pregnancy', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM pregnancy
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table, evidence_record_id) = 1
),
bmi AS (
    -- "BMI During Measurement Period": final/amended/corrected, above 0 kg/m2, during day of the
    -- period. [USCoreBMIProfile] is an Observation coded 39156-5 in the vital-signs category; one sent
    -- under another category (e.g. a QI-Core simple observation) is not, one sent without any is taken.
    SELECT
        patient_key,
        observation_id,
        source_id,
        effective_latest::DATE AS bmi_date,
        value_num,
        CASE WHEN value_num >= 25 THEN 'high' WHEN value_num < 18.5 THEN 'low' ELSE 'normal' END AS direction
    FROM m_observation
    WHERE role = 'bmi'
      AND is_observation_final(status)
      AND (coalesce(len(category_codes), 0) = 0 OR list_contains(category_codes, 'vital-signs'))
      AND value_num > 0
      AND value_unit = 'kg/m2'
      AND interval_during_day(effective_start, effective_end, $period_start, $period_end)
),
request AS (
    -- Service and medication requests that are orders, not the QI-Core negation profiles.
    SELECT
        patient_key,
        role,
        'service_request' AS evidence_table,
        service_request_id AS evidence_record_id,
        source_id AS evidence_source_id,
        display,
        authored_on,
        reason_codings
    FROM m_service_request
    WHERE NOT do_not_perform
    UNION ALL
    SELECT
        patient_key,
        role,
        'medication_request',
        medication_request_id,
        source_id,
        display,
        authored_on,
        reason_codings
    FROM m_medication_request
    WHERE NOT do_not_perform
),
intervention AS (
    -- "High BMI Interventions Ordered": for overweight or obesity as the reason, or a problem-list or
    -- health-concern overweight/obese diagnosis whose prevalence starts on or before the order's day
    -- (an unknown onset with a known end starts at the beginning of time).
    SELECT
        r.patient_key,
        'high' AS direction,
        r.evidence_table,
        r.evidence_record_id,
        r.evidence_source_id,
        r.display,
        r.authored_on AS started_at
    FROM request r
    WHERE r.role IN ('follow_up_for_above_normal_bmi', 'referrals_where_weight_assessment_may_occur', 'medications_for_above_normal_bmi')
      AND (codings_in_role(r.reason_codings, 'overweight_or_obese') OR EXISTS (
          SELECT 1
          FROM m_condition c
          WHERE c.patient_key = r.patient_key
            AND c.role = 'overweight_or_obese'
            AND (list_contains(c.category_codes, 'problem-list-item') OR list_contains(c.category_codes, 'health-concern'))
            AND prevalence_start_day(c.prevalence_start, c.prevalence_end) <= r.authored_on::DATE
      ))
    UNION ALL
    -- "High BMI Interventions Performed" (the CQL tests no status): for overweight or obesity as the
    -- reason, or an overweight/obese diagnosis prevalent on the day the procedure starts.
    SELECT
        p.patient_key,
        'high',
        'procedure',
        p.procedure_id,
        p.source_id,
        p.display,
        p.performed_start
    FROM m_procedure p
    WHERE p.role = 'follow_up_for_above_normal_bmi'
      AND (codings_in_role(p.reason_codings, 'overweight_or_obese') OR EXISTS (
          SELECT 1
          FROM m_condition c
          WHERE c.patient_key = p.patient_key
            AND c.role = 'overweight_or_obese'
            AND prevalence_start_day(c.prevalence_start, c.prevalence_end) <= p.performed_start::DATE
            -- not (prevalence ends before the day): an open end never does, an unknown one is unknown
            AND NOT c.prevalence_end_unknown
            AND coalesce(c.prevalence_end::DATE >= p.performed_start::DATE, true)
      ))
    UNION ALL
    -- "Low BMI Interventions Ordered": for underweight as the reason, or, ordered during the period, a
    -- health-concern underweight diagnosis whose prevalence starts on or before the order's day.
    SELECT
        r.patient_key,
        'low',
        r.evidence_table,
        r.evidence_record_id,
        r.evidence_source_id,
        r.display,
        r.authored_on
    FROM request r
    WHERE r.role IN ('follow_up_for_below_normal_bmi', 'referrals_where_weight_assessment_may_occur', 'medications_for_below_normal_bmi')
      AND (codings_in_role(r.reason_codings, 'underweight') OR (
          point_during_day(r.authored_on, $period_start, $period_end)
          AND EXISTS (
              SELECT 1
              FROM m_condition c
              WHERE c.patient_key = r.patient_key
                AND c.role = 'underweight'
                AND list_contains(c.category_codes, 'health-concern')
                AND prevalence_start_day(c.prevalence_start, c.prevalence_end) <= r.authored_on::DATE
          )
      ))
    UNION ALL
    -- "Low BMI Interventions Performed": completed for underweight as the reason, or performed during
    -- the period while a health-concern underweight diagnosis is prevalent on the day it starts.
    SELECT
        p.patient_key,
        'low',
        'procedure',
        p.procedure_id,
        p.source_id,
        p.display,
        p.performed_start
    FROM m_procedure p
    WHERE p.role = 'follow_up_for_below_normal_bmi'
      AND ((codings_in_role(p.reason_codings, 'underweight') AND p.status = 'completed') OR (
          interval_during_day(p.performed_start, p.performed_end, $period_start, $period_end)
          AND EXISTS (
              SELECT 1
              FROM m_condition c
              WHERE c.patient_key = p.patient_key
                AND c.role = 'underweight'
                AND list_contains(c.category_codes, 'health-concern')
                AND prevalence_start_day(c.prevalence_start, c.prevalence_end) <= p.performed_start::DATE
                AND NOT c.prevalence_end_unknown
                AND coalesce(c.prevalence_end::DATE >= p.performed_start::DATE, true)
          )
      ))
),
follow_up AS (
    -- "High/Low BMI And Follow Up Provided": an intervention starting during the period (the CQL does
    -- not tie it to the BMI's date); the latest one per direction is the evidence.
    SELECT
        *
    FROM intervention
    WHERE interval_starts_during_day(started_at, $period_start, $period_end)
    QUALIFY row_number() OVER (PARTITION BY patient_key, direction ORDER BY started_at DESC, evidence_record_id) = 1
),
bmi_summary AS (
    SELECT
        patient_key,
        bool_or(direction = 'high') AS has_high,
        bool_or(direction = 'low') AS has_low,
        bool_or(direction = 'normal') AS has_normal
    FROM bmi
    GROUP BY patient_key
),
decision AS (
    -- Which BMI direction decides: one met with follow-up, else a normal BMI without any high or low
    -- one (the numerator), else the abnormal one without follow-up.
    SELECT
        s.patient_key,
        CASE
            WHEN s.has_high AND EXISTS (SELECT 1 FROM follow_up f WHERE f.patient_key = s.patient_key AND f.direction = 'high') THEN 'high'
            WHEN s.has_low AND EXISTS (SELECT 1 FROM follow_up f WHERE f.patient_key = s.patient_key AND f.direction = 'low') THEN 'low'
            WHEN s.has_normal AND NOT s.has_high AND NOT s.has_low THEN 'normal'
        END AS met_direction,
        CASE WHEN s.has_high THEN 'high' ELSE 'low' END AS unmet_direction
    FROM bmi_summary s
),
fact_day AS (
    -- The first day each fact of the decision is on record in the period: a BMI of each direction, a
    -- follow-up of each direction.
    SELECT
        b.*,
        f.high_follow_up,
        f.low_follow_up,
        fact_days([b.high, b.low, b.normal, f.high_follow_up, f.low_follow_up]) AS days
    FROM (
        SELECT
            patient_key,
            min(bmi_date) FILTER (WHERE direction = 'high') AS high,
            min(bmi_date) FILTER (WHERE direction = 'low') AS low,
            min(bmi_date) FILTER (WHERE direction = 'normal') AS normal
        FROM bmi
        GROUP BY patient_key
    ) b
    LEFT JOIN (
        SELECT
            patient_key,
            min(started_at::DATE) FILTER (WHERE direction = 'high') AS high_follow_up,
            min(started_at::DATE) FILTER (WHERE direction = 'low') AS low_follow_up
        FROM intervention
        WHERE interval_starts_during_day(started_at, $period_start, $period_end)
        GROUP BY patient_key
    ) f USING (patient_key)
),
numerator_change AS (
    -- With the data up to a day, the numerator holds as "decision" says on the facts on record by then: the
    -- days it began or stopped holding (month-end trend).
    SELECT
        patient_key,
        held_changes(days, list_transform(days, d ->
            (coalesce(high <= d, false) AND coalesce(high_follow_up <= d, false))
            OR (coalesce(low <= d, false) AND coalesce(low_follow_up <= d, false))
            OR (coalesce(normal <= d, false) AND NOT coalesce(high <= d, false) AND NOT coalesce(low <= d, false))
        )) AS changes
    FROM fact_day
),
outcome AS (
    SELECT
        ip.patient_key,
        c.changes AS numerator_changes,
        b.observation_id,
        b.source_id,
        b.bmi_date,
        b.value_num,
        b.direction,
        f.display AS follow_up_value,
        f.started_at::DATE AS follow_up_date,
        CASE
            WHEN d.patient_key IS NULL THEN 'NotFound'
            WHEN d.met_direction IS NOT NULL THEN 'Present'
            ELSE 'NoFollowUp'
        END AS gap_reason
    FROM initial_population ip
    LEFT JOIN decision d USING (patient_key)
    LEFT JOIN numerator_change c USING (patient_key)
    LEFT JOIN bmi b
        ON b.patient_key = ip.patient_key
        AND b.direction = coalesce(d.met_direction, d.unmet_direction)
    LEFT JOIN follow_up f
        ON f.patient_key = ip.patient_key
        AND f.direction = d.met_direction
    QUALIFY row_number() OVER (PARTITION BY ip.patient_key ORDER BY b.bmi_date DESC NULLS LAST, b.observation_id) = 1
),
not_done AS (
    -- "Medical Reason For Not Documenting A Follow Up Plan For Low Or High BMI": a referral or follow-up
    -- not requested (reasonRefused) or a BMI medication not requested (reasonCode) for a medical reason,
    -- completed, authored on the day a qualifying encounter starts.
    SELECT
        1 AS priority,
        s.patient_key,
        'MedicalReason' AS exception_reason,
        s.authored_on::DATE AS evidence_date,
        format('{} not ordered: {}', s.display, coalesce(s.not_done_reason_codings[1].display, s.not_done_reason_codings[1].code)) AS evidence_value,
        'service_request' AS evidence_table,
        s.service_request_id AS evidence_record_id,
        s.source_id AS evidence_source_id
    FROM m_service_request s
    WHERE s.role IN ('referrals_where_weight_assessment_may_occur', 'follow_up_for_above_normal_bmi', 'follow_up_for_below_normal_bmi')
      AND s.do_not_perform
      AND lower(trim(s.status)) = 'completed'
      AND codings_in_role(s.not_done_reason_codings, 'medical_reason')
      AND EXISTS (SELECT 1 FROM qualifying_encounter e WHERE e.patient_key = s.patient_key AND e.period_start::DATE = s.authored_on::DATE)
    UNION ALL
    SELECT
        1,
        m.patient_key,
        'MedicalReason',
        m.authored_on::DATE,
        format('{} not ordered: {}', m.display, coalesce(m.reason_codings[1].display, m.reason_codings[1].code)),
        'medication_request',
        m.medication_request_id,
        m.source_id
    FROM m_medication_request m
    WHERE m.role IN ('medications_for_above_normal_bmi', 'medications_for_below_normal_bmi')
      AND m.do_not_perform
      AND lower(trim(m.status)) = 'completed'
      AND codings_in_role(m.reason_codings, 'medical_reason')
      AND EXISTS (SELECT 1 FROM qualifying_encounter e WHERE e.patient_key = m.patient_key AND e.period_start::DATE = m.authored_on::DATE)
    UNION ALL
    -- "Medical Reason Or Patient Reason For Not Performing BMI Exam": a BMI not done (QI-Core
    -- ObservationCancelled) whose effective time ends on the day a qualifying encounter starts.
    SELECT
        2,
        o.patient_key,
        CASE WHEN codings_in_role(o.not_done_reason_codings, 'patient_declined') THEN 'PatientDeclined' ELSE 'MedicalReason' END,
        o.effective_end::DATE,
        format('BMI not done: {}', coalesce(o.not_done_reason_codings[1].display, o.not_done_reason_codings[1].code)),
        'observation',
        o.observation_id,
        o.source_id
    FROM m_observation o
    WHERE o.role = 'bmi'
      AND o.not_done
      AND (codings_in_role(o.not_done_reason_codings, 'patient_declined')
           OR codings_in_role(o.not_done_reason_codings, 'medical_reason'))
      AND EXISTS (SELECT 1 FROM qualifying_encounter e WHERE e.patient_key = o.patient_key AND e.period_start::DATE = o.effective_end::DATE)
),
exception AS (
    -- "Denominator Exceptions" for patients neither excluded nor in the numerator.
    SELECT
        *
    FROM not_done
    SEMI JOIN initial_population USING (patient_key)
    ANTI JOIN exclusion USING (patient_key)
    WHERE patient_key NOT IN (SELECT patient_key FROM outcome WHERE gap_reason = 'Present')
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table, evidence_record_id) = 1
)
SELECT
    * EXCLUDE (priority),
    'Group_1' AS group_id,
    'exclusion' AS population
FROM exclusion
UNION ALL BY NAME
SELECT
    * RENAME (exception_reason AS exclusion_reason),
    'Group_1' AS group_id,
    'exception' AS population
FROM exception
UNION ALL BY NAME
SELECT
    o.patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    o.gap_reason = 'Present' AS numerator,
    o.bmi_date AS evidence_date,
    CASE WHEN o.observation_id IS NOT NULL THEN value_text(o.value_num, 'kg/m2') END AS evidence_value,
    CASE WHEN o.observation_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.observation_id AS evidence_record_id,
    o.source_id AS evidence_source_id,
    o.numerator_changes,
    o.gap_reason,
    CASE
        WHEN o.gap_reason = 'NotFound' THEN format('No BMI recorded between {} and {}.', $period_start, $period_end)
        WHEN o.direction = 'normal' THEN format('BMI {} kg/m2 on {} is normal.', num_text(o.value_num), o.bmi_date)
        WHEN o.gap_reason = 'Present' THEN format('BMI {} kg/m2 on {} is {} normal; follow-up {} on {}.',
            num_text(o.value_num), o.bmi_date, CASE o.direction WHEN 'high' THEN 'above' ELSE 'below' END,
            coalesce(o.follow_up_value, 'documented'), o.follow_up_date)
        ELSE format('BMI {} kg/m2 on {} is {} normal with no follow-up plan in the period.',
            num_text(o.value_num), o.bmi_date, CASE o.direction WHEN 'high' THEN 'above' ELSE 'below' END)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE o.gap_reason
        WHEN 'Present' THEN NULL
        WHEN 'NoFollowUp' THEN format('Document a follow-up plan (referral, dietary or exercise counselling, or medication) by {}.', $period_end)
        ELSE format('Record a BMI at a visit by {}; a normal BMI, or an abnormal one with a follow-up plan, closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key)
ANTI JOIN exception USING (patient_key);
