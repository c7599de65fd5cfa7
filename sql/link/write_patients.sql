-- Full relink, step 2: replace the golden records in patient from the linked practice records.
-- Grain: one row per enterprise patient. Parameters: none. Reads patient_link, patient_record, link_record.
-- Demographics come from the most recently loaded member record (highest source_file_id, then record id
-- so ties are deterministic); the MBI is that record's, else any member's (the smallest normalised one);
-- a death reported by any member is kept when the latest record does not carry one.
DELETE FROM patient;

INSERT INTO patient (
    patient_id,
    family_name,
    given_name,
    birth_date,
    sex,
    race_codes,
    ethnicity_codes,
    zip,
    mbi,
    deceased_at
)
WITH member AS (
    SELECT
        l.patient_id,
        r.*,
        k.mbi_key,
        k.zip5
    FROM patient_link l
    JOIN link_record k USING (patient_record_id)
    JOIN patient_record r
      ON r.patient_record_id = k.patient_record_id
     AND r.source_file_id = k.source_file_id
),
latest AS (
    SELECT *
    FROM member
    QUALIFY row_number() OVER (PARTITION BY patient_id ORDER BY source_file_id DESC, patient_record_id DESC) = 1
),
pooled AS (
    SELECT
        patient_id,
        min(mbi_key) AS any_mbi,
        max(deceased_at) AS any_deceased_at
    FROM member
    GROUP BY patient_id
)
SELECT
    t.patient_id,
    t.family_name,
    t.given_names[1] AS given_name,
    t.birth_date,
    t.sex,
    t.race_codes,
    t.ethnicity_codes,
    coalesce(t.zip5, t.zip) AS zip,
    coalesce(t.mbi_key, p.any_mbi) AS mbi,
    coalesce(t.deceased_at, p.any_deceased_at) AS deceased_at
FROM latest t
JOIN pooled p USING (patient_id);
