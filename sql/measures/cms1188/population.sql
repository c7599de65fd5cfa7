-- CMS1188 Sexually Transmitted Infection (STI) Testing for People with HIV (HIVSTITestingFHIR 0.2.000,
-- QI-Core 4.1.1 content for the 2025 performance period).
-- Numerator: a chlamydia, a gonorrhea and a syphilis test, each with a result, during the period.
-- The measure has no exclusions or exceptions.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition, m_observation.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- "Has Qualifying Encounter During Measurement Period": the published logic tests no encounter
    -- status, only that the period is during day of the measurement period.
    SELECT DISTINCT patient_key
    FROM m_encounter
    WHERE role IN (
            'office_visit',
            'outpatient_consultation',
            'annual_wellness_visit',
            'face_to_face_interaction',
            'home_healthcare_services',
            'preventive_care_services_established_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_0_to_17',
            'preventive_care_established_office_visit_0_to_17',
            'telephone_visits',
            'preventive_care_services_other')
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
hiv AS (
    -- "Has HIV Diagnosis Before End of Measurement Period": prevalenceInterval() starts on or before day
    -- of the end of the period (without onset, only when abated: prevalence_start_day).
    SELECT DISTINCT patient_key
    FROM m_condition
    WHERE role = 'hiv'
      AND prevalence_start_day(prevalence_start, prevalence_end) <= $period_end
),
initial_population AS (
    -- Age 13 or older at the start of the period, a qualifying encounter and HIV.
    SELECT p.patient_key
    FROM m_patient p
    SEMI JOIN qualifying_encounter USING (patient_key)
    SEMI JOIN hiv USING (patient_key)
    WHERE age_in_years(p.birth_date, $period_start) >= 13
),
sti_test AS (
    -- "Has Chlamydia / Gonorrhea / Syphilis Testing": a final, amended or corrected result with a value,
    -- whose latest time (QICoreCommon latest()) is during day of the period.
    SELECT
        o.patient_key,
        o.role,
        o.effective_latest::DATE AS test_date,
        coalesce(o.display, o.code) AS display,
        o.observation_id,
        o.source_id
    FROM m_observation o
    SEMI JOIN initial_population USING (patient_key)
    WHERE o.role IN ('chlamydia_screening', 'gonorrhea_screening', 'syphilis_tests')
      AND o.has_value
      AND is_observation_final(o.status)
      AND point_during_day(o.effective_latest, $period_start, $period_end)
),
tests AS (
    SELECT
        patient_key,
        bool_or(role = 'chlamydia_screening') AS chlamydia,
        bool_or(role = 'gonorrhea_screening') AS gonorrhea,
        bool_or(role = 'syphilis_tests') AS syphilis,
        max(test_date) AS last_date,
        -- the day the third kind was first tested: the numerator holds from then (the month-end trend)
        greatest(min(test_date) FILTER (WHERE role = 'chlamydia_screening'),
                 min(test_date) FILTER (WHERE role = 'gonorrhea_screening'),
                 min(test_date) FILTER (WHERE role = 'syphilis_tests')) AS all_tested_date,
        arg_max(observation_id, (test_date, observation_id)) AS observation_id,
        arg_max(source_id, (test_date, observation_id)) AS source_id,
        arg_max(display, (test_date, observation_id)) AS display
    FROM sti_test
    GROUP BY patient_key
),
outcome AS (
    SELECT
        ip.patient_key,
        t.last_date,
        t.all_tested_date,
        t.display,
        t.observation_id,
        t.source_id,
        -- The tests still missing, in the order the measure names them.
        concat_ws(', ',
            CASE WHEN NOT coalesce(t.chlamydia, false) THEN 'chlamydia' END,
            CASE WHEN NOT coalesce(t.gonorrhea, false) THEN 'gonorrhea' END,
            CASE WHEN NOT coalesce(t.syphilis, false) THEN 'syphilis' END) AS missing
    FROM initial_population ip
    LEFT JOIN tests t USING (patient_key)
)
SELECT
    patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    missing = '' AS numerator,
    last_date AS evidence_date,
    display AS evidence_value,
    CASE WHEN observation_id IS NOT NULL THEN 'observation' END AS evidence_table,
    observation_id AS evidence_record_id,
    source_id AS evidence_source_id,
    CASE WHEN missing = '' THEN [all_tested_date] END AS numerator_changes,
    CASE WHEN missing = '' THEN 'Present' ELSE 'NotFound' END AS gap_reason,
    CASE
        WHEN missing = '' THEN format('Chlamydia, gonorrhea and syphilis tested in the period; last result on {}.', last_date)
        ELSE format('No {} test result between {} and {}.', missing, $period_start, $period_end)
    END AS gap_text,
    CASE WHEN missing <> '' THEN $period_end END AS close_by,
    CASE WHEN missing <> '' THEN format('Order {} testing; results by {} close the gap.', missing, $period_end) END AS close_action
FROM outcome;
