-- Enterprise patients who can be in an initial population, with the demographics every measure and
-- stratum needs, and their practice records.
-- Grain: m_patient = one row per such enterprise patient (patient_record_link.patient_id): a patient's
--        records from all practices together. Demographics come from the linked patient row, else from
--        the first record. m_record = one row per practice record of those patients (record -> patient).
-- patient_key is the run's INTEGER key for the patient: every run table below keys by it and store_result.sql
-- turns it back into patient_id. Joining, grouping and partitioning by an integer instead of the VARCHAR
-- id made the libraries and populations about a tenth cheaper (synthetic 1M, the same tables keyed both
-- ways, alternated three times: 35.8-37.5 CPU-s against 39.5-42.1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Every measure's initial population asks for an age of 12 or more (CMS2, CMS138: at the start of the
-- period; the others older) and a qualifying encounter during the measurement period, so a patient
-- without any encounter overlapping the period, or younger than 12 at its end, is in none: the run
-- leaves them out here, before the clinical tables are joined (fact_sources.sql keeps only m_record's rows).

CREATE OR REPLACE TEMP TABLE m_patient AS
WITH link AS MATERIALIZED (
    -- Records with their enterprise patient, joined once for the three uses below.
    SELECT
        patient_record_id,
        patient_id
    FROM patient_record_link
),
visited AS (
    -- Enterprise patients with an encounter of any kind overlapping the period.
    SELECT DISTINCT
        l.patient_id
    FROM encounter e
    JOIN link l USING (patient_record_id)
    WHERE interval_overlaps_day(e.period_start, e.period_end, $period_start, $period_end)
),
first_record AS (
    -- Each patient's first record (by id); an unlinked record is a patient of its own.
    SELECT
        l.patient_id,
        min(l.patient_record_id) AS patient_record_id
    FROM link l
    SEMI JOIN visited USING (patient_id)
    GROUP BY l.patient_id
),
-- SDE Payer as one stratum: the payer type (SOP) of the latest coverage overlapping the period.
payer AS (
    SELECT
        l.patient_id,
        -- ties: the greatest code, not whichever row comes first
        arg_max(c.type_codings[1].code, (coalesce(c.period_start, TIMESTAMP '1900-01-01'), c.type_codings[1].code)) AS payer
    FROM coverage c
    JOIN link l USING (patient_record_id)
    SEMI JOIN visited USING (patient_id)
    WHERE len(c.type_codings) > 0
      AND (c.period_start IS NULL AND c.period_end IS NULL
           OR interval_overlaps_day(c.period_start, c.period_end, $period_start, $period_end))
    GROUP BY l.patient_id
),
demographics AS (
    -- What the linked patient row does not hold comes from the patient's first record.
    SELECT
        f.patient_id,
        coalesce(p.birth_date, r.birth_date) AS birth_date,
        coalesce(p.sex, r.sex) AS sex,
        r.sex_code,
        coalesce(p.race_codes, r.race_codes) AS race_codes,
        coalesce(p.ethnicity_codes, r.ethnicity_codes) AS ethnicity_codes
    FROM first_record f
    JOIN patient_record r ON r.patient_record_id = f.patient_record_id
    LEFT JOIN patient p ON p.patient_id = f.patient_id
)
SELECT
    row_number() OVER ()::INTEGER AS patient_key,
    d.patient_id,
    d.birth_date,
    age_in_years(d.birth_date, $period_end) AS age,
    d.sex,
    -- QI-Core Patient.sex (SNOMED CT): the US Core sex extension; sources without it (CSV extracts) by their
    -- administrative gender.
    coalesce(d.sex_code, CASE d.sex WHEN 'female' THEN '248152002' WHEN 'male' THEN '248153007' END) AS sex_code,
    CASE WHEN len(d.race_codes) > 1 THEN 'multiple' ELSE d.race_codes[1] END AS race,
    d.ethnicity_codes[1] AS ethnicity,
    y.payer
FROM demographics d
LEFT JOIN payer y USING (patient_id)
WHERE age_in_years(d.birth_date, $period_end) >= 12;

CREATE OR REPLACE TEMP TABLE m_record AS
SELECT
    l.patient_record_id,
    p.patient_key
FROM patient_record_link l
JOIN m_patient p USING (patient_id);
