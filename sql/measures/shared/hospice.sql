-- Hospice 6.15.000 "Has Hospice Services" during the measurement period.
-- Grain: one row per enterprise patient who has hospice services, with the latest deciding record.
-- only_2025: all of the patient's hospice evidence is "Hospice care [Minimum Data Set]" assessments without
-- an observation category survey, which the 2024 content (Hospice 6.12.000 through Status 1.8.000
-- isAssessmentPerformed: CMS131, CMS138) does not count; Status 1.13.000 (6.15.000) does.
-- Parameters: $period_start, $period_end (DATE, inclusive).

CREATE OR REPLACE TEMP TABLE m_hospice AS
WITH evidence AS (
    -- Inpatient encounter discharged to hospice care (home or facility), ending during the period.
    SELECT
        patient_key,
        'HospiceDischarge' AS reason,
        period_end::DATE AS evidence_date,
        'discharged to hospice care' AS evidence_value,
        'encounter' AS evidence_table,
        encounter_id AS evidence_record_id,
        source_id AS evidence_source_id,
        false AS only_2025
    FROM m_encounter
    WHERE role = 'encounter_inpatient'
      AND performed
      AND (has_coding(discharge_disposition, 'SNOMEDCT', '428361000124107')   -- Discharge to home for hospice care
           OR has_coding(discharge_disposition, 'SNOMEDCT', '428371000124100'))  -- ... to healthcare facility for hospice care
      AND interval_ends_during_day(period_end, $period_start, $period_end)
    UNION ALL
    -- Hospice encounter overlapping the period.
    SELECT
        patient_key,
        'HospiceEncounter',
        least(coalesce(period_end, period_start), $period_end)::DATE,
        display,
        'encounter',
        encounter_id,
        source_id,
        false
    FROM m_encounter
    WHERE role = 'hospice_encounter'
      AND performed
      AND interval_overlaps_day(period_start, period_end, $period_start, $period_end)
    UNION ALL
    -- Hospice care [Minimum Data Set] assessment answered Yes (373066001), overlapping the period.
    SELECT
        patient_key,
        'HospiceAssessment',
        least(effective_latest, $period_end)::DATE,
        'hospice care: yes',
        'observation',
        observation_id,
        source_id,
        NOT coalesce(list_contains(category_codes, 'survey'), false)
    FROM m_observation
    WHERE role = 'hospice_care_mds'
      AND is_observation_final(status)
      AND has_coding(value_codings, 'SNOMEDCT', '373066001')
      AND interval_overlaps_day(effective_start, effective_end, $period_start, $period_end)
    UNION ALL
    -- Hospice care ordered during the period (the published logic does not test doNotPerform).
    SELECT
        patient_key,
        'HospiceOrder',
        authored_on::DATE,
        display,
        'service_request',
        service_request_id,
        source_id,
        false
    FROM m_service_request
    WHERE role = 'hospice_care_ambulatory'
      AND is_order(status, intent)
      AND point_during_day(authored_on, $period_start, $period_end)
    UNION ALL
    -- Hospice care performed, overlapping the period.
    SELECT
        patient_key,
        'HospiceProcedure',
        least(coalesce(performed_end, performed_start), $period_end)::DATE,
        display,
        'procedure',
        procedure_id,
        source_id,
        false
    FROM m_procedure
    WHERE role = 'hospice_care_ambulatory'
      AND is_procedure_performed(status)
      AND interval_overlaps_day(performed_start, performed_end, $period_start, $period_end)
    UNION ALL
    -- Hospice diagnosis prevalent during the period.
    SELECT
        patient_key,
        'HospiceDiagnosis',
        greatest(prevalence_start, $period_start)::DATE,
        display,
        'condition',
        condition_id,
        source_id,
        false
    FROM m_condition
    WHERE role = 'hospice_diagnosis'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
)
SELECT
    * EXCLUDE (only_2025),
    bool_and(only_2025) OVER (PARTITION BY patient_key) AS only_2025
FROM evidence
QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY evidence.only_2025, evidence_date DESC NULLS LAST, evidence_record_id) = 1;
