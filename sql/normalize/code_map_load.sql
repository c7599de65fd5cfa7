-- Replace a practice's local code map with the rows of its code map CSV (docs/csv-extract.md "Code map":
-- header local_system,local_code,code_system,code,display). Both systems are canonicalised like any coding.
-- Parameters: $practice_id, $path. Grain: one local_code_map row per CSV row.
DELETE FROM local_code_map WHERE practice_id = $practice_id;

INSERT INTO local_code_map
SELECT
    $practice_id AS practice_id,
    coalesce(canonical_system(local_system), '') AS local_system,   -- '' = missing, refused below
    coalesce(trim(local_code), '') AS local_code,
    coalesce(canonical_system(code_system), '') AS code_system,
    coalesce(trim(code), '') AS code,
    nullif(trim(display), '') AS display
FROM read_csv($path, header = true, all_varchar = true, auto_detect = true);

-- Rows loaded, and those missing a required value: the caller refuses such a map (a half-read map would
-- misfile codes).
SELECT
    count(*) AS loaded,
    count(*) FILTER (
        WHERE '' IN (local_system, local_code, code_system, code)
    ) AS incomplete
FROM local_code_map
WHERE practice_id = $practice_id;
