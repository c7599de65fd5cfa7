-- AdvancedIllnessandFrailty (1.27.000 and 1.16.000, see below): "Has Criteria Indicating Frailty", "Has Advanced Illness in Year
-- Before or During Measurement Period" and "Has Dementia Medications in Year Before or During
-- Measurement Period". The age tests differ by measure and are applied there.
-- Grain: one row per enterprise patient with frailty; advanced_illness tells whether the patient also
-- has an advanced illness diagnosis or dementia medication. The rows hold what either version the measures
-- include counts: status_1_15 / advanced_illness for 1.27.000 (Status 1.15.000: CMS122, CMS125, CMS130,
-- CMS165: a frailty encounter must be finished, an order or active medication may have any order intent),
-- status_1_8 / advanced_illness_1_8 for 1.16.000 (Status 1.8.000: CMS131: a frailty device order must have
-- intent order and not be doNotPerform, a "Medical equipment used" assessment needs the category survey,
-- a dementia medication intent order).
-- Parameters: $period_start, $period_end (DATE, inclusive).

CREATE OR REPLACE TEMP TABLE m_advanced_illness_frailty AS
WITH frailty AS (
    -- Frailty device ordered during the period.
    SELECT
        patient_key,
        'FrailtyDeviceOrder' AS reason,
        authored_on::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'device_request' AS evidence_table,
        device_request_id AS evidence_record_id,
        source_id AS evidence_source_id,
        is_order(status, intent) AND NOT coalesce(do_not_perform, false) AS status_1_8,
        true AS status_1_15
    FROM m_device_request
    WHERE role = 'frailty_device'
      AND is_order_1_15(status, intent)
      AND point_during_day(authored_on, $period_start, $period_end)
    UNION ALL
    -- "Medical equipment used" assessment answered with a frailty device, ending during the period.
    SELECT
        o.patient_key,
        'FrailtyDeviceUsed',
        o.effective_end::DATE,
        coalesce(list_filter(o.value_codings, v -> v.display IS NOT NULL)[1].display, 'frailty device used'),
        'observation',
        o.observation_id,
        o.source_id,
        coalesce(list_contains(o.category_codes, 'survey'), false),
        true
    FROM m_observation o
    WHERE o.role = 'medical_equipment_used'
      AND is_observation_final(o.status)
      AND interval_ends_during_day(o.effective_end, $period_start, $period_end)
      AND EXISTS (
          SELECT 1
          FROM unnest(o.value_codings) AS u(v)
          JOIN m_code k ON k.role = 'frailty_device' AND k.code_system = u.v.system AND k.code = u.v.code
      )
    UNION ALL
    -- Frailty diagnosis prevalent during the period.
    SELECT
        patient_key,
        'FrailtyDiagnosis',
        greatest(prevalence_start, $period_start)::DATE,
        coalesce(display, code),
        'condition',
        condition_id,
        source_id,
        true,
        true
    FROM m_condition
    WHERE role = 'frailty_diagnosis'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
    UNION ALL
    -- Frailty encounter overlapping the period.
    SELECT
        patient_key,
        'FrailtyEncounter',
        least(coalesce(period_end, period_start), $period_end)::DATE,
        coalesce(display, code),
        'encounter',
        encounter_id,
        source_id,
        true,
        coalesce(status = 'finished', false)
    FROM m_encounter
    WHERE role = 'frailty_encounter'
      AND performed
      AND interval_overlaps_day(period_start, period_end, $period_start, $period_end)
    UNION ALL
    -- Frailty symptom recorded, overlapping the period.
    SELECT
        patient_key,
        'FrailtySymptom',
        least(effective_latest, $period_end)::DATE,
        coalesce(display, code),
        'observation',
        observation_id,
        source_id,
        true,
        true
    FROM m_observation
    WHERE role = 'frailty_symptom'
      AND is_symptom_recorded(status)
      AND interval_overlaps_day(effective_start, effective_end, $period_start, $period_end)
),
illness AS (
    -- Advanced illness whose prevalence starts in the year before or during the period.
    SELECT
        patient_key,
        prevalence_start::DATE AS illness_date,
        coalesce(display, code) AS illness_value,
        true AS status_1_8
    FROM m_condition
    WHERE role = 'advanced_illness'
      AND interval_starts_during_day(prevalence_start, ($period_start - INTERVAL 1 YEAR)::DATE, $period_end)
    UNION ALL
    -- "Has Dementia Medications in Year Before or During Measurement Period": an active dementia
    -- medication order (isMedicationActive) whose medicationRequestPeriod() overlaps day of
    -- Interval[start of "Measurement Period" - 1 year, end of "Measurement Period"]. The period is
    -- CumulativeMedicationDuration's, computed at ingest (period_start, period_end: from the dosage bounds,
    -- authoredOn or validity period, for the days supplied including refills); a null period (NULL
    -- period_start) never overlaps, so such an order does not count.
    SELECT
        patient_key,
        period_start,
        coalesce(display, code),
        is_medication_active(status, intent)                 -- 1.16.000 (Status 1.8.000): intent order only
    FROM m_medication_request
    WHERE role = 'dementia_medications'
      AND is_medication_active_1_15(status, intent)
      AND interval_overlaps_day(period_start, period_end, ($period_start - INTERVAL 1 YEAR)::DATE, $period_end)
),
latest_illness AS (
    SELECT
        patient_key,
        -- the latest (ties: the greatest text, not whichever row comes first); an unknown date is skipped
        arg_max(illness_value, (illness_date, illness_value)) FILTER (WHERE illness_date IS NOT NULL) AS illness_value,
        bool_or(status_1_8) AS illness_1_8
    FROM illness
    GROUP BY patient_key
)
SELECT
    f.* EXCLUDE (status_1_8, status_1_15),
    bool_or(f.status_1_8) OVER (PARTITION BY f.patient_key) AS status_1_8,
    bool_or(f.status_1_15) OVER (PARTITION BY f.patient_key) AS status_1_15,
    i.patient_key IS NOT NULL AS advanced_illness,
    coalesce(i.illness_1_8, false) AS advanced_illness_1_8,
    i.illness_value
FROM frailty f
LEFT JOIN latest_illness i USING (patient_key)
QUALIFY row_number() OVER (PARTITION BY f.patient_key ORDER BY (f.status_1_8 AND f.status_1_15) DESC, f.evidence_date DESC NULLS LAST, f.evidence_record_id) = 1;
