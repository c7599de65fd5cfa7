-- Reference value-set codes (refdata/value_sets/value_set_codes*.csv) -> value_set_code_stage.
-- Grain: one row per distinct (value set, canonical system, code). Parameters: $value_sets_csv (the source key
-- the headers were staged under), $codes_csv (path of the codes file: value_set_oid, code_system, code, display).
INSERT INTO value_set_code_stage
SELECT
    $value_sets_csv AS source,
    value_set_oid AS value_set_id,
    canonical_system(code_system) AS code_system,
    code,
    min(display) AS display
FROM read_csv($codes_csv, header = true, all_varchar = true)
WHERE code IS NOT NULL
  AND code_system IS NOT NULL
GROUP BY ALL;
