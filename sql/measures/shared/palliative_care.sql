-- PalliativeCare 1.15.000 "Has Palliative Care in the Measurement Period".
-- Grain: one row per enterprise patient with palliative care, with the latest deciding record.
-- only_2025: all of the patient's palliative care evidence is FACIT-Pal assessments without an observation
-- category survey, which the 2024 content (PalliativeCare 1.11.000 through Status 1.8.000
-- isAssessmentPerformed: CMS131) does not count; Status 1.13.000 (1.15.000) does.
-- Parameters: $period_start, $period_end (DATE, inclusive).

CREATE OR REPLACE TEMP TABLE m_palliative_care AS
WITH evidence AS (
    -- FACIT-Pal assessment overlapping the period.
    SELECT
        patient_key,
        'PalliativeAssessment' AS reason,
        least(effective_latest, $period_end)::DATE AS evidence_date,
        display AS evidence_value,
        'observation' AS evidence_table,
        observation_id AS evidence_record_id,
        source_id AS evidence_source_id,
        NOT coalesce(list_contains(category_codes, 'survey'), false) AS only_2025
    FROM m_observation
    WHERE role = 'facit_pal'
      AND is_observation_final(status)
      AND interval_overlaps_day(effective_start, effective_end, $period_start, $period_end)
    UNION ALL
    -- Palliative care diagnosis prevalent during the period.
    SELECT
        patient_key,
        'PalliativeDiagnosis',
        greatest(prevalence_start, $period_start)::DATE,
        display,
        'condition',
        condition_id,
        source_id,
        false
    FROM m_condition
    WHERE role = 'palliative_care_diagnosis'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
    UNION ALL
    -- Palliative care encounter overlapping the period.
    SELECT
        patient_key,
        'PalliativeEncounter',
        least(coalesce(period_end, period_start), $period_end)::DATE,
        display,
        'encounter',
        encounter_id,
        source_id,
        false
    FROM m_encounter
    WHERE role = 'palliative_care_encounter'
      AND performed
      AND interval_overlaps_day(period_start, period_end, $period_start, $period_end)
    UNION ALL
    -- Palliative care intervention performed, overlapping the period.
    SELECT
        patient_key,
        'PalliativeIntervention',
        least(coalesce(performed_end, performed_start), $period_end)::DATE,
        display,
        'procedure',
        procedure_id,
        source_id,
        false
    FROM m_procedure
    WHERE role = 'palliative_care_intervention'
      AND is_procedure_performed(status)
      AND interval_overlaps_day(performed_start, performed_end, $period_start, $period_end)
)
SELECT
    * EXCLUDE (only_2025),
    bool_and(only_2025) OVER (PARTITION BY patient_key) AS only_2025
FROM evidence
QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY evidence.only_2025, evidence_date DESC NULLS LAST, evidence_record_id) = 1;
