-- Loads a primary-care service code list (layout of refdata/cclf/primary_care_service_codes.csv:
-- code, code_type, py_start, py_end, cfr_paragraph, note) into primary_care_service_code.
-- Grain: one row per code and validity range. Parameters: $path (the CSV), $source (its file name).
-- Performance years become dates: py_start -> Jan 1, py_end -> Dec 31 (empty = still in force).
-- 'PHE' rows (42 CFR 425.400(c)(2)(i)) count when the window includes any month of the COVID-19 public health
-- emergency, declared effective 2020-01-27 and ended 2023-05-11: hence January 2020 through May 2023.
-- Nursing-facility codes whose note excludes SNF services (POS 31) are excluded on claims with POS 31.
INSERT INTO primary_care_service_code BY NAME
WITH raw AS (
    SELECT *
    FROM read_csv($path, header = true, all_varchar = true)
),
file AS (
    SELECT sha256(content) AS source_sha256
    FROM read_text($path)
)
SELECT
    trim(raw.code) AS code,
    raw.code_type,
    CASE WHEN raw.py_start = 'PHE' THEN DATE '2020-01-01' ELSE make_date(raw.py_start::INTEGER, 1, 1) END
        AS valid_from,
    CASE
        WHEN raw.py_start = 'PHE' THEN DATE '2023-05-31'
        WHEN nullif(trim(raw.py_end), '') IS NOT NULL THEN make_date(raw.py_end::INTEGER, 12, 31)
    END AS valid_to,
    CASE WHEN raw.note ILIKE '%SNF%' OR raw.note ILIKE '%POS 31%' THEN '31' END AS excluded_place_of_service,
    nullif(trim(raw.cfr_paragraph), '') AS cfr_paragraph,
    nullif(trim(raw.note), '') AS note,
    $source AS source,
    file.source_sha256
FROM raw
CROSS JOIN file;
