-- AdvancedIllnessandFrailty 1.23.000 "Is Age 66 or Older Living Long Term in a Nursing Home", without
-- the age test (applied by each measure): the last housing status assessment ending on or before the
-- end of the period says "Lives in a nursing home" (160734000). Assessments are ordered by the end of
-- their effective time; when several end at that same instant (the CQL then keeps source order, which
-- a database does not have) any one saying nursing home counts.
-- status_1_8: 1.16.000 (Status 1.8.000: CMS131) says nursing home too: its assessments are those with the
-- observation category survey (isAssessmentPerformed), and the last of those says it.
-- (A patient whose last survey assessment says nursing home but whose last assessment of any category does
-- not has no row.)
-- Grain: one row per enterprise patient living in a nursing home.
-- Parameters: $period_end (DATE).

CREATE OR REPLACE TEMP TABLE m_nursing_home AS
WITH assessment AS (
    SELECT
        patient_key,
        effective_end,
        has_coding(value_codings, 'SNOMEDCT', '160734000') AS in_nursing_home,
        coalesce(list_contains(category_codes, 'survey'), false) AS survey,
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
),
last_survey AS (
    -- The 2024 reading: the last assessment with category survey (ties: any one saying nursing home).
    SELECT
        patient_key,
        bool_or(in_nursing_home) AS in_nursing_home
    FROM (
        SELECT *
        FROM assessment
        WHERE survey
        QUALIFY effective_end = max(effective_end) OVER (PARTITION BY patient_key)
    )
    GROUP BY patient_key
)
SELECT
    a.patient_key,
    'NursingHome' AS reason,
    a.effective_end::DATE AS evidence_date,
    'lives in a nursing home' AS evidence_value,
    'observation' AS evidence_table,
    a.observation_id AS evidence_record_id,
    a.source_id AS evidence_source_id,
    coalesce(s.in_nursing_home, false) AS status_1_8
FROM last_assessment a
LEFT JOIN last_survey s USING (patient_key)
WHERE a.in_nursing_home
QUALIFY row_number() OVER (PARTITION BY a.patient_key ORDER BY a.observation_id) = 1;
