-- Loads the assignment specialties (layout of refdata/cclf/primary_care_specialty_codes.csv) into primary_care_specialty.
-- Grain: one row per CMS specialty code. Parameters: $path (the CSV), $source (its file name).
-- Rows without a code are skipped: their CFR name had only an unverified fuzzy match to a CMS code
-- (e.g. clinical nurse specialist, sports medicine); add a verified row to use one.
INSERT INTO primary_care_specialty BY NAME
WITH raw AS (
    SELECT *
    FROM read_csv($path, header = true, all_varchar = true)
),
file AS (
    SELECT sha256(content) AS source_sha256
    FROM read_text($path)
)
SELECT
    lpad(trim(raw.cms_specialty_code), 2, '0') AS specialty_code,
    raw.cms_specialty_name AS name,
    raw.assignment_role,
    raw.assignment_step::INTEGER AS assignment_step,
    raw.cfr_paragraph,
    $source AS source,
    file.source_sha256
FROM raw
CROSS JOIN file
WHERE nullif(trim(raw.cms_specialty_code), '') IS NOT NULL;
