-- New expansions -> value_set (run after insert_codes). Grain: one row per added expansion. Parameters: none.
INSERT INTO value_set (value_set_id, version, name, url, source, expansion_total, code_count, complete, expansion_hash)
SELECT
    value_set_id,
    version,
    name,
    url,
    source,
    expansion_total,
    code_count,
    complete,
    expansion_hash
FROM value_set_staged
WHERE added
  AND first_copy;
