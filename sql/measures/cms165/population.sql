-- CMS165 Controlling High Blood Pressure (CMS165FHIRControllingHighBloodPressure 0.5.000: Status 1.15.000,
-- AdultOutpatientEncounters 4.19.000, Hospice 6.18.000, PalliativeCare 1.18.000, AdvancedIllnessandFrailty
-- 1.27.000).
-- Numerator: the lowest systolic and the lowest diastolic reading of the most recent blood pressure day are
-- below 140 and 90 mm[Hg]. As 0.5.000 is written, that day need not be in the period: a reading not taken
-- during day of a finished inpatient or emergency department encounter qualifies whatever its date (see
-- blood_pressure below).
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_condition, m_procedure,
-- m_encounter, m_observation, m_adult_outpatient_encounters, m_hospice, m_advanced_illness_frailty,
-- m_nursing_home, m_palliative_care; and encounter (the class of the encounter a reading belongs to).
-- Changes from 0.3.000: verified() diagnoses ("Essential Hypertension Diagnosis", "Pregnancy or Renal
-- Diagnosis"), finished encounters only ("End Stage Renal Disease Encounter", Status 1.15.000), and the
-- blood pressure readings outside inpatient and emergency department stays ("Qualifying Systolic/Diastolic
-- Blood Pressure Reading").

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH essential_hypertension AS (
    -- "Essential Hypertension Diagnosis": verified() (no verification status, or confirmed, unconfirmed,
    -- provisional, differential: not refuted or entered-in-error), prevalent at some time in the first six
    -- months of the period, Interval[start of MP, start of MP + 6 months) at full precision.
    SELECT DISTINCT patient_key
    FROM m_condition
    WHERE role = 'essential_hypertension'
      AND verified
      AND prevalence_overlaps(prevalence_start, prevalence_end, prevalence_end_unknown,
                              $period_start::TIMESTAMP, $period_start + INTERVAL 6 MONTH)
),
initial_population AS (
    -- Age 18-85 at the end of the period, essential hypertension and a qualifying outpatient encounter.
    SELECT
        p.patient_key,
        p.age
    FROM m_patient p
    SEMI JOIN essential_hypertension USING (patient_key)
    SEMI JOIN m_adult_outpatient_encounters USING (patient_key)
    WHERE p.age BETWEEN 18 AND 85
),
pregnancy_or_renal_diagnosis AS (
    -- "Pregnancy or Renal Diagnosis": verified() (as "Essential Hypertension Diagnosis"), prevalent during
    -- the period.
    SELECT
        patient_key,
        CASE role
            WHEN 'pregnancy' THEN 'Pregnancy'
            WHEN 'kidney_transplant_recipient' THEN 'KidneyTransplantRecipient'
            ELSE 'EndStageRenalDisease'
        END AS exclusion_reason,
        greatest(prevalence_start, $period_start)::DATE AS evidence_date,
        display AS evidence_value,
        'condition' AS evidence_table,
        condition_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_condition
    WHERE role IN ('pregnancy', 'end_stage_renal_disease', 'kidney_transplant_recipient', 'chronic_kidney_disease_stage_5')
      AND verified
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
),
esrd_procedure AS (
    -- "End Stage Renal Disease Procedures": kidney transplant or dialysis performed, ending on or
    -- before the end of the period.
    SELECT
        patient_key,
        'EndStageRenalDiseaseProcedure' AS exclusion_reason,
        performed_end::DATE AS evidence_date,
        display AS evidence_value,
        'procedure' AS evidence_table,
        procedure_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_procedure
    WHERE role IN ('kidney_transplant', 'dialysis_services')
      AND is_procedure_performed(status)
      AND performed_end::DATE <= $period_end
),
esrd_encounter AS (
    -- "End Stage Renal Disease Encounter": ESRD monthly outpatient service performed (Status 1.15.000
    -- isEncounterPerformed: status 'finished' only), starting on or before the end of the period (an
    -- unknown start counts when the encounter ended by then).
    SELECT
        patient_key,
        'EndStageRenalDiseaseEncounter' AS exclusion_reason,
        coalesce(period_start, period_end)::DATE AS evidence_date,
        display AS evidence_value,
        'encounter' AS evidence_table,
        encounter_id AS evidence_record_id,
        source_id AS evidence_source_id
    FROM m_encounter
    WHERE role = 'esrd_monthly_outpatient_services'
      AND status = 'finished'
      AND coalesce(period_start, period_end)::DATE <= $period_end
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
        FROM pregnancy_or_renal_diagnosis
        UNION ALL
        SELECT 3, exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM esrd_procedure
        UNION ALL
        SELECT 4, exclusion_reason, patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM esrd_encounter
        UNION ALL
        -- Age 66-80 with frailty and advanced illness, or 81 and older with frailty.
        SELECT 5, 'AdvancedIllnessFrailty', f.patient_key, f.evidence_date,
               CASE WHEN f.advanced_illness THEN f.evidence_value || ' with ' || f.illness_value ELSE f.evidence_value END,
               f.evidence_table, f.evidence_record_id, f.evidence_source_id
        FROM m_advanced_illness_frailty f
        JOIN initial_population ip USING (patient_key)
        WHERE ((ip.age BETWEEN 66 AND 80 AND f.advanced_illness) OR ip.age >= 81)
          AND f.status_1_15
        UNION ALL
        SELECT 6, 'NursingHome', n.patient_key, n.evidence_date, n.evidence_value,
               n.evidence_table, n.evidence_record_id, n.evidence_source_id
        FROM m_nursing_home n
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
        UNION ALL
        SELECT 7, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_15
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority, evidence_date DESC, evidence_table, evidence_record_id) = 1
),
disqualifying_encounter AS (
    -- The "DisqualifyingEncounter"s of "Qualifying Systolic/Diastolic Blood Pressure Reading": "Encounter
    -- Inpatient" or "Emergency Department Evaluation and Management Visit" performed (Status 1.15.000
    -- isEncounterPerformed: status 'finished' only), whichever encounter a reading references.
    SELECT
        patient_key,
        period_start,
        period_end
    FROM m_encounter
    SEMI JOIN initial_population USING (patient_key)
    WHERE role IN ('encounter_inpatient', 'emergency_department_evaluation_and_management_visit')
      AND status = 'finished'
),
blood_pressure AS (
    -- "Qualifying Systolic Blood Pressure Reading" and "Qualifying Diastolic Blood Pressure Reading" (the
    -- same readings): final/amended/corrected blood pressure readings (isObservationBP) in the union of
    --   (a) readings without a disqualifying encounter such that effective.latest() is during day of its
    --       period, at any date: 0.5.000 bounds this half by no measurement period, so readings before and
    --       after the period count. FHIRHelpers ToInterval(period): a period without end is open-ended; one
    --       without start has an unknown start, the comparison is null and does not disqualify (`without`);
    --   (b) the 0.3.000 readings: not in an emergency, inpatient, pre-admission or short-stay encounter
    --       (getEncounter() of Observation.encounter, class EMER, IMP, ACUTE, NONAC, PRENC or SS; a reading
    --       without an encounter counts), effective.latest() during day of the period.
    -- A reading without an effective time is in (a) but has no day (reading_day).
    -- A blood pressure panel (85354-9) is a reading of both values, even when a component is missing; an
    -- observation sent as a stand-alone systolic or diastolic value is a reading of that value only.
    SELECT
        *,
        code = '85354-9' OR systolic IS NOT NULL AS systolic_reading,
        code = '85354-9' OR diastolic IS NOT NULL AS diastolic_reading
    FROM m_observation o
    SEMI JOIN initial_population USING (patient_key)
    WHERE o.role = 'blood_pressure'
      AND is_observation_final(o.status)
      AND (
          NOT EXISTS (                                                        -- (a)
              SELECT 1
              FROM disqualifying_encounter d
              WHERE d.patient_key = o.patient_key
                AND o.effective_latest::DATE >= d.period_start::DATE
                AND (d.period_end IS NULL OR o.effective_latest::DATE <= d.period_end::DATE)
          )
          OR (                                                                -- (b)
              point_during_day(o.effective_latest, $period_start, $period_end)
              AND NOT EXISTS (
                  SELECT 1
                  FROM encounter e
                  WHERE e.encounter_id = o.encounter_id
                    AND e.class_code IN ('EMER', 'IMP', 'ACUTE', 'NONAC', 'PRENC', 'SS')
              )
          )
      )
),
reading_day AS (
    -- Per day: the lowest systolic and diastolic. CQL sorts nulls first, so a reading that day without
    -- the value makes the lowest one null. A reading without an effective time has a null day, which the
    -- intersect of "Blood Pressure Days" does not keep (null = null is null).
    SELECT
        patient_key,
        effective_latest::DATE AS day,
        bool_or(systolic_reading) AND bool_or(diastolic_reading) AS both_read,
        CASE WHEN bool_or(systolic_reading AND systolic IS NULL) THEN NULL
             ELSE min(systolic) FILTER (WHERE systolic_reading) END AS systolic,
        CASE WHEN bool_or(diastolic_reading AND diastolic IS NULL) THEN NULL
             ELSE min(diastolic) FILTER (WHERE diastolic_reading) END AS diastolic,
        first(observation_id ORDER BY systolic NULLS FIRST, diastolic NULLS FIRST, observation_id)
            FILTER (WHERE systolic_reading) AS observation_id,
        first(source_id ORDER BY systolic NULLS FIRST, diastolic NULLS FIRST, observation_id)
            FILTER (WHERE systolic_reading) AS source_id
    FROM blood_pressure
    WHERE effective_latest IS NOT NULL
    GROUP BY patient_key, effective_latest::DATE
),
numerator_change AS (
    -- With the data up to a day, the numerator holds as the latest blood pressure day says (below 140/90),
    -- and not before any: the days it began or stopped holding (month-end trend).
    SELECT
        patient_key,
        list(day ORDER BY day) FILTER (WHERE changed) AS changes
    FROM (
        SELECT
            patient_key,
            day,
            controlled <> lag(controlled, 1, false) OVER (PARTITION BY patient_key ORDER BY day) AS changed
        FROM (
            SELECT
                patient_key,
                day,
                coalesce(systolic < 140 AND diastolic < 90, false) AS controlled
            FROM reading_day
            WHERE both_read
        )
    )
    GROUP BY patient_key
),
most_recent_day AS (
    -- "Most Recent Blood Pressure Day": the latest day with both a systolic and a diastolic reading
    -- ("Blood Pressure Days" intersects the days of the two), over (a) and (b): it can be before or after
    -- the period.
    SELECT
        *,
        CASE
            WHEN day < $period_start THEN ' (before the measurement period)'
            WHEN day > $period_end THEN ' (after the measurement period)'
            ELSE ''
        END AS day_note
    FROM reading_day
    WHERE both_read
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY day DESC) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        r.day AS evidence_date,
        r.day_note,
        r.day > $period_end AS after_period,
        CASE WHEN r.patient_key IS NOT NULL
             THEN format('{}/{} mm[Hg]', coalesce(num_text(r.systolic), '?'), coalesce(num_text(r.diastolic), '?'))
        END AS evidence_value,
        r.observation_id AS evidence_record_id,
        r.source_id AS evidence_source_id,
        CASE
            WHEN r.patient_key IS NULL THEN 'NotFound'
            WHEN r.systolic IS NULL OR r.diastolic IS NULL THEN 'NoResult'
            WHEN r.systolic < 140 AND r.diastolic < 90 THEN 'Present'
            ELSE 'ValueOutOfRange'
        END AS gap_reason,
        c.changes AS numerator_changes
    FROM initial_population ip
    LEFT JOIN most_recent_day r USING (patient_key)
    LEFT JOIN numerator_change c USING (patient_key)
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
    o.numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN 'No qualifying blood pressure reading (readings taken during an inpatient or emergency department stay do not count).'
        WHEN 'NoResult' THEN format('Most recent blood pressure on {}{} lacks a systolic or diastolic value.', o.evidence_date, o.day_note)
        WHEN 'ValueOutOfRange' THEN format('Most recent blood pressure {} on {}{} is not below 140/90.', o.evidence_value, o.evidence_date, o.day_note)
        ELSE format('Most recent blood pressure {} on {}{} is below 140/90.', o.evidence_value, o.evidence_date, o.day_note)
    END AS gap_text,
    -- A most recent day after the period leaves no deadline: only a still later reading can replace it.
    CASE WHEN o.gap_reason <> 'Present' AND NOT coalesce(o.after_period, false) THEN $period_end END AS close_by,
    CASE
        WHEN o.gap_reason = 'Present' THEN NULL
        WHEN o.gap_reason = 'ValueOutOfRange' AND o.after_period
            THEN 'Adjust treatment and recheck; a later outpatient reading below 140/90 closes the gap.'
        WHEN o.gap_reason = 'ValueOutOfRange'
            THEN format('Adjust treatment and recheck; an outpatient reading below 140/90 by {} closes the gap.', $period_end)
        WHEN o.after_period
            THEN 'Record a blood pressure at an outpatient visit; a later reading below 140/90 closes the gap.'
        ELSE format('Record a blood pressure at an outpatient visit; a reading below 140/90 by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key);
