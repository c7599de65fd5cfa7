-- Reference value sets (refdata/value_sets/value_sets.csv, see its SOURCES.md) -> value_set_stage.
-- Grain: one row per value set. Parameters: $value_sets_csv (path of value_sets.csv, also the row's source).
-- Columns used: value_set_oid, value_set_name, vs_version, code_count (the expansion's size, taken as the
-- declared total so a codes file that lost rows is flagged incomplete). The url is VSAC's canonical one.
INSERT INTO value_set_stage
SELECT
    $value_sets_csv AS source,
    value_set_oid AS value_set_id,
    coalesce(vs_version, '') AS version,
    value_set_name AS name,
    'http://cts.nlm.nih.gov/fhir/ValueSet/' || value_set_oid AS url,
    code_count::INTEGER AS expansion_total,
    true AS enumerated
FROM read_csv($value_sets_csv, header = true, all_varchar = true);
