-- CMS349 HIV Screening (CMS349FHIRHIVScreening 0.3.000).
-- Numerator: an HIV test with a result, taken at age 15-65 and starting before the end of the period
-- (at any time before: the measure counts a test ever done).
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition,
-- m_observation; and patient / patient_record (date of death, for the exception).

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH initial_population AS (
    -- Age 15-65 at the start of the period, with a finished preventive or office visit during the period.
    SELECT
        p.patient_key,
        p.birth_date
    FROM m_patient p
    WHERE age_in_years(p.birth_date, $period_start) BETWEEN 15 AND 65
      AND EXISTS (
          SELECT 1
          FROM m_encounter e
          WHERE e.patient_key = p.patient_key
            AND e.role IN (
                'preventive_care_services_initial_office_visit_0_to_17',
                'preventive_care_services_initial_office_visit_18_and_up',
                'preventive_care_established_office_visit_0_to_17',
                'preventive_care_services_established_office_visit_18_and_up',
                'office_visit')
            AND e.status = 'finished'
            AND interval_during_day(e.period_start, e.period_end, $period_start, $period_end)
      )
),
exclusion AS (
    -- "Denominator Exclusions": an HIV diagnosis, not refuted, whose prevalence starts before the day
    -- the period starts (an unknown onset with a known end starts at the beginning of time).
    SELECT
        c.patient_key,
        'HivDiagnosis' AS exclusion_reason,
        c.prevalence_start::DATE AS evidence_date,
        coalesce(c.display, 'HIV diagnosis ' || c.code) AS evidence_value,
        'condition' AS evidence_table,
        c.condition_id AS evidence_record_id,
        c.source_id AS evidence_source_id
    FROM m_condition c
    SEMI JOIN initial_population USING (patient_key)
    WHERE c.role = 'hiv'
      AND coalesce(lower(c.verification_status), '') <> 'refuted'
      AND prevalence_start_day(c.prevalence_start, c.prevalence_end) < $period_start
    QUALIFY row_number() OVER (PARTITION BY c.patient_key ORDER BY c.prevalence_start DESC NULLS LAST, c.condition_id) = 1
),
hiv_test AS (
    -- "Has HIV Test Performed": final/amended/corrected, with a result, at age 15-65 on the day it starts.
    SELECT
        o.patient_key,
        o.observation_id,
        o.source_id,
        coalesce(o.display, o.code) AS display,
        o.effective_start::DATE AS test_date,
        -- the first such test: the numerator holds from then (the month-end trend)
        min(o.effective_start::DATE) OVER (PARTITION BY o.patient_key) AS first_test_date
    FROM m_observation o
    JOIN initial_population ip USING (patient_key)
    WHERE o.role IN ('hiv_laboratory_test_codes_ab_and_ag', 'hiv_1_and_2_tests')
      AND o.has_value
      AND is_observation_final(o.status)
      AND o.effective_start::DATE <= $period_end
      AND age_in_years(ip.birth_date, o.effective_start::DATE) BETWEEN 15 AND 65
    QUALIFY row_number() OVER (PARTITION BY o.patient_key ORDER BY o.effective_start DESC, o.observation_id) = 1
),
deceased AS (
    -- "Patient Expired": deceasedDateTime on or before the end of the period, from the linked patient or
    -- any of its practice records.
    SELECT
        p.patient_key,
        p.patient_id,
        min(d.deceased_at) AS deceased_at
    FROM (
        -- Each source filtered on its own: DuckDB did not push the test below the records' link join.
        SELECT patient_id, deceased_at FROM patient
        WHERE deceased_at::DATE <= $period_end
        UNION ALL
        SELECT l.patient_id, r.deceased_at
        FROM patient_record r
        JOIN patient_record_link l USING (patient_record_id)
        WHERE r.deceased_at::DATE <= $period_end
    ) d
    JOIN m_patient p USING (patient_id)
    SEMI JOIN initial_population USING (patient_key)
    GROUP BY ALL
),
exception AS (
    -- "Denominator Exceptions" for patients neither excluded nor in the numerator.
    SELECT
        patient_key,
        'PatientExpired' AS exception_reason,
        deceased_at::DATE AS evidence_date,
        'patient expired' AS evidence_value,
        'patient' AS evidence_table,
        patient_id AS evidence_record_id
    FROM deceased
    ANTI JOIN exclusion USING (patient_key)
    ANTI JOIN hiv_test USING (patient_key)
)
SELECT
    *,
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
    ip.patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    t.patient_key IS NOT NULL AS numerator,
    t.test_date AS evidence_date,
    t.display AS evidence_value,
    CASE WHEN t.patient_key IS NOT NULL THEN 'observation' END AS evidence_table,
    t.observation_id AS evidence_record_id,
    t.source_id AS evidence_source_id,
    CASE WHEN t.patient_key IS NOT NULL THEN [t.first_test_date] END AS numerator_changes,
    CASE WHEN t.patient_key IS NOT NULL THEN 'Present' ELSE 'NotFound' END AS gap_reason,
    CASE
        WHEN t.patient_key IS NOT NULL THEN format('HIV test {} on {}.', t.display, t.test_date)
        ELSE format('No HIV test with a result since age 15, by {}.', $period_end)
    END AS gap_text,
    CASE WHEN t.patient_key IS NULL THEN $period_end END AS close_by,
    CASE WHEN t.patient_key IS NULL THEN format('Offer an HIV test; a resulted test by {} closes the gap.', $period_end) END AS close_action
FROM initial_population ip
LEFT JOIN hiv_test t USING (patient_key)
ANTI JOIN exclusion USING (patient_key)
ANTI JOIN exception USING (patient_key);
