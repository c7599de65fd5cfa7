-- CMS122 Diabetes: Glycemic Status Assessment Greater Than 9% (CMS122FHIRDiabetesAssessGreaterThan9Percent
-- 0.5.000). Inverse measure: the numerator (most recent HbA1c/GMI > 9%, without a result, or missing)
-- is the poor outcome.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition,
-- m_observation, m_hospice, m_nursing_home, m_advanced_illness_frailty, m_palliative_care.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- "Qualifying Encounters": performed visits of these kinds during the period. isEncounterPerformed of
    -- Status 1.15.000 keeps status 'finished' only (not the wider list of the shared `performed` flag).
    SELECT DISTINCT patient_key
    FROM m_encounter
    WHERE role IN (
            'office_visit',
            'annual_wellness_visit',
            'preventive_care_services_established_office_visit_18_and_up',
            'preventive_care_services_initial_office_visit_18_and_up',
            'home_healthcare_services',
            'nutrition_services',
            'mnt_initial_individual',
            'mnt_reassessment_individual',
            'mnt_group',
            'mnt_second_referral_individual',
            'mnt_second_referral_group',
            'telephone_visits')
      AND status = 'finished'
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
diabetes AS (
    -- Verified diabetes diagnosis prevalent during the period.
    SELECT DISTINCT patient_key
    FROM m_condition
    WHERE role = 'diabetes'
      AND verified
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
        SELECT 2, 'NursingHome', n.patient_key, n.evidence_date, n.evidence_value,
               n.evidence_table, n.evidence_record_id, n.evidence_source_id
        FROM m_nursing_home n
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
        UNION ALL
        SELECT 3, 'AdvancedIllnessFrailty', f.patient_key, f.evidence_date,
               f.evidence_value || coalesce(' with ' || f.illness_value, ''),
               f.evidence_table, f.evidence_record_id, f.evidence_source_id
        FROM m_advanced_illness_frailty f
        JOIN initial_population ip USING (patient_key)
        WHERE ip.age >= 66
          AND f.advanced_illness
          AND f.status_1_15
        UNION ALL
        SELECT 4, 'PalliativeCare', patient_key, evidence_date, evidence_value,
               evidence_table, evidence_record_id, evidence_source_id
        FROM m_palliative_care
        WHERE status_1_15
    )
    SEMI JOIN initial_population USING (patient_key)
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY priority) = 1
),
glycemic_status AS (
    -- "Glycemic Status Assessment": final HbA1c or GMI results whose latest time is during the period.
    SELECT
        *,
        CASE role WHEN 'glucose_management_indicator' THEN 'GMI' ELSE 'HbA1c' END AS label,
        -- The quantity in percent, as CQL compares it with 9 '%' (UCUM conversion): FHIRHelpers.ToQuantity
        -- gives a quantity without unit the unit '1' (8 '1' is 800%), dimensionless units convert
        -- (100 mmol/mol is 10%; {annotations} carry no meaning); any other unit does not compare (NULL).
        CASE coalesce(nullif(regexp_replace(value_unit, '\{[^}]*\}', '', 'g'), ''), '1')
            WHEN '%' THEN value_num
            WHEN '1' THEN value_num * 100
            WHEN 'mmol/mol' THEN value_num / 10
        END AS value_pct
    FROM m_observation
    WHERE role IN ('hba1c_laboratory_test', 'glucose_management_indicator')
      AND is_observation_final(status)
),
reading_day AS (
    -- "Lowest Glycemic Status Assessment Reading on Most Recent Day", for every day of the period with a
    -- reading: the lowest quantity (compared in one unit); CQL sorts nulls first, so a reading without a
    -- quantity wins (one without any value first); a quantity in a unit that does not compare goes last.
    -- elevated: that reading puts the patient in the numerator ("Has Most Recent Elevated Glycemic Status
    -- Assessment", or no result).
    SELECT
        *,
        effective_latest::DATE AS day,
        NOT has_value OR coalesce(value_pct > 9, false) AS elevated
    FROM glycemic_status
    WHERE point_during_day(effective_latest, $period_start, $period_end)
    QUALIFY row_number() OVER (
        PARTITION BY patient_key, effective_latest::DATE
        ORDER BY value_num IS NOT NULL, value_pct ASC NULLS LAST, has_value, observation_id
    ) = 1
),
most_recent AS (
    SELECT *
    FROM reading_day
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY day DESC) = 1
),
numerator_change AS (
    -- With the data up to a day, the numerator holds from the period start (no result yet) and then as the
    -- latest day's reading says: the days it began or stopped holding (month-end trend).
    SELECT
        patient_key,
        list_prepend($period_start, coalesce(list(day ORDER BY day) FILTER (WHERE changed), [])) AS changes
    FROM (
        SELECT
            patient_key,
            day,
            elevated <> lag(elevated, 1, true) OVER (PARTITION BY patient_key ORDER BY day) AS changed
        FROM reading_day
    )
    GROUP BY patient_key
),
before_period AS (
    -- The last reading before the period, to explain a missing one.
    SELECT *
    FROM glycemic_status
    WHERE effective_latest::DATE < $period_start
    QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY effective_latest DESC, observation_id) = 1
),
outcome AS (
    SELECT
        ip.patient_key,
        coalesce(r.observation_id, b.observation_id) AS evidence_record_id,
        coalesce(r.source_id, b.source_id) AS evidence_source_id,
        coalesce(r.effective_latest, b.effective_latest)::DATE AS evidence_date,
        CASE WHEN r.observation_id IS NOT NULL THEN value_text(r.value_num, r.value_unit)
             ELSE value_text(b.value_num, b.value_unit) END AS evidence_value,
        coalesce(r.label, b.label) AS label,
        CASE
            WHEN r.observation_id IS NULL AND b.observation_id IS NULL THEN 'NotFound'
            WHEN r.observation_id IS NULL THEN 'DateOutOfRange'
            WHEN NOT r.has_value THEN 'NoResult'
            -- "Has Most Recent Elevated Glycemic Status Assessment": value > 9 '%' (see value_pct).
            WHEN r.value_pct > 9 THEN 'ValueOutOfRange'
            ELSE 'Present'
        END AS gap_reason,
        coalesce(c.changes, [$period_start]) AS numerator_changes
    FROM initial_population ip
    LEFT JOIN most_recent r USING (patient_key)
    LEFT JOIN before_period b USING (patient_key)
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
    o.gap_reason <> 'Present' AS numerator,
    o.evidence_date,
    o.evidence_value,
    CASE WHEN o.evidence_record_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.evidence_record_id,
    o.evidence_source_id,
    o.numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN format('No HbA1c or GMI result between {} and {}.', $period_start, $period_end)
        WHEN 'DateOutOfRange' THEN format('Last {} {} on {} is before the measurement period.', o.label, coalesce(o.evidence_value, '(no result)'), o.evidence_date)
        WHEN 'NoResult' THEN format('Most recent {} on {} has no result.', o.label, o.evidence_date)
        WHEN 'ValueOutOfRange' THEN format('Most recent {} {} on {} is above 9%.', o.label, o.evidence_value, o.evidence_date)
        ELSE format('Most recent {} {} on {} is 9% or below.', o.label, coalesce(o.evidence_value, '(coded result)'), o.evidence_date)
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE o.gap_reason
        WHEN 'Present' THEN NULL
        WHEN 'ValueOutOfRange' THEN format('Adjust treatment and repeat the HbA1c; a result of 9% or below by {} closes the gap.', $period_end)
        ELSE format('Order an HbA1c; a result of 9% or below by {} closes the gap.', $period_end)
    END AS close_action
FROM outcome o
ANTI JOIN exclusion USING (patient_key);
