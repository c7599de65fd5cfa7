-- Hospice "Has Hospice Services" during the measurement period. The versions the measures include differ
-- only in their Status library, so each patient's row states which versions count its evidence:
--   status_1_8:  Hospice 6.12.000 (Status 1.8.000: CMS131, CMS138): an assessment is one with the
--                observation category survey, an order has intent order;
--   status_1_13: Hospice 6.15.000 (Status 1.13.000: CMS69): an order has intent order;
--   status_1_15: Hospice 6.18.000 (Status 1.15.000: CMS122, CMS124, CMS125, CMS130, CMS165): a performed
--                encounter is a finished one, an order any order intent (is_order_1_15).
-- The rows hold every evidence one of them counts; each measure reads those of its version's flag.
-- Grain: one row per enterprise patient who has hospice services, with the latest deciding record (one
-- every version counts, when there is one).
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
        true AS status_1_8,
        true AS status_1_13,
        coalesce(status = 'finished', false) AS status_1_15
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
        coalesce(display, code),
        'encounter',
        encounter_id,
        source_id,
        true,
        true,
        coalesce(status = 'finished', false)
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
        coalesce(list_contains(category_codes, 'survey'), false),
        true,
        true
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
        coalesce(display, code),
        'service_request',
        service_request_id,
        source_id,
        is_order(status, intent),
        is_order(status, intent),
        true
    FROM m_service_request
    WHERE role = 'hospice_care_ambulatory'
      AND is_order_1_15(status, intent)
      AND point_during_day(authored_on, $period_start, $period_end)
    UNION ALL
    -- Hospice care performed, overlapping the period.
    SELECT
        patient_key,
        'HospiceProcedure',
        least(coalesce(performed_end, performed_start), $period_end)::DATE,
        coalesce(display, code),
        'procedure',
        procedure_id,
        source_id,
        true,
        true,
        true
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
        coalesce(display, code),
        'condition',
        condition_id,
        source_id,
        true,
        true,
        true
    FROM m_condition
    WHERE role = 'hospice_diagnosis'
      AND prevalence_overlaps_day(prevalence_start, prevalence_end, prevalence_end_unknown, $period_start, $period_end)
)
SELECT
    * EXCLUDE (status_1_8, status_1_13, status_1_15),
    bool_or(status_1_8) OVER (PARTITION BY patient_key) AS status_1_8,
    bool_or(status_1_13) OVER (PARTITION BY patient_key) AS status_1_13,
    bool_or(status_1_15) OVER (PARTITION BY patient_key) AS status_1_15
FROM evidence
QUALIFY row_number() OVER (
    PARTITION BY patient_key
    ORDER BY (evidence.status_1_8 AND evidence.status_1_13 AND evidence.status_1_15) DESC, evidence_date DESC NULLS LAST,
             evidence_record_id
) = 1;
