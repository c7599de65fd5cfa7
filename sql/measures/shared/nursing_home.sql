-- AdvancedIllnessandFrailty 1.23.000 "Is Age 66 or Older Living Long Term in a Nursing Home", without
-- the age test (applied by each measure): the last housing status assessment ending on or before the
-- end of the period says "Lives in a nursing home" (160734000). Assessments are ordered by the end of
-- their effective time; when several end at that same instant (the CQL then keeps source order, which
-- a database does not have) any one saying nursing home counts.
-- Grain: one row per enterprise patient living in a nursing home.
-- Parameters: $period_end (DATE).

CREATE OR REPLACE TEMP TABLE m_nursing_home AS
WITH assessment AS (
    SELECT
        patient_key,
        effective_end,
        has_coding(value_codings, 'SNOMEDCT', '160734000') AS in_nursing_home,
        observation_id,
        source_id
    FROM m_observation
    WHERE role = 'housing_status'
      AND is_observation_final(status)
      AND effective_end::DATE <= $period_end
),
last_assessment AS (
    SELECT *
    FROM assessment
    QUALIFY effective_end = max(effective_end) OVER (PARTITION BY patient_key)
)
SELECT
    patient_key,
    'NursingHome' AS reason,
    effective_end::DATE AS evidence_date,
    'lives in a nursing home' AS evidence_value,
    'observation' AS evidence_table,
    observation_id AS evidence_record_id,
    source_id AS evidence_source_id
FROM last_assessment
WHERE in_nursing_home
QUALIFY row_number() OVER (PARTITION BY patient_key ORDER BY observation_id) = 1;
