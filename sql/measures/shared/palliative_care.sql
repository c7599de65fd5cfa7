-- PalliativeCare "Has Palliative Care in the Measurement Period", as 1.15.000 (Status 1.13.000: CMS69) has it.
-- status_1_8 / status_1_15: the evidence counts under PalliativeCare 1.11.000 (Status 1.8.000: FACIT-Pal
-- assessments need the category survey) / 1.18.000 (Status 1.15.000: encounters must be finished); the
-- measures that include each are listed in hospice.sql.
-- Grain: one row per enterprise patient with palliative care, with the latest deciding record (one every
-- version counts, when there is one).
-- Parameters: $period_start, $period_end (DATE, inclusive).

CREATE OR REPLACE TEMP TABLE m_palliative_care AS
WITH evidence AS (
    -- FACIT-Pal assessment overlapping the period.
    SELECT
        patient_key,
        'PalliativeAssessment' AS reason,
        least(effective_latest, $period_end)::DATE AS evidence_date,
        coalesce(display, code) AS evidence_value,
        'observation' AS evidence_table,
        observation_id AS evidence_record_id,
        source_id AS evidence_source_id,
        coalesce(list_contains(category_codes, 'survey'), false) AS status_1_8,
        true AS status_1_15
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
        coalesce(display, code),
        'condition',
        condition_id,
        source_id,
        true,
        true
    FROM m_condition
    WHERE role = 'palliative_care_diagnosis'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
    UNION ALL
    -- Palliative care encounter overlapping the period.
    SELECT
        patient_key,
        'PalliativeEncounter',
        least(coalesce(period_end, period_start), $period_end)::DATE,
        coalesce(display, code),
        'encounter',
        encounter_id,
        source_id,
        true,
        coalesce(status = 'finished', false)
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
        coalesce(display, code),
        'procedure',
        procedure_id,
        source_id,
        true,
        true
    FROM m_procedure
    WHERE role = 'palliative_care_intervention'
      AND is_procedure_performed(status)
      AND interval_overlaps_day(performed_start, performed_end, $period_start, $period_end)
)
SELECT
    * EXCLUDE (status_1_8, status_1_15),
    bool_or(status_1_8) OVER (PARTITION BY patient_key) AS status_1_8,
    bool_or(status_1_15) OVER (PARTITION BY patient_key) AS status_1_15
FROM evidence
QUALIFY row_number() OVER (
    PARTITION BY patient_key
    ORDER BY (evidence.status_1_8 AND evidence.status_1_15) DESC, evidence_date DESC NULLS LAST, evidence_record_id
) = 1;
