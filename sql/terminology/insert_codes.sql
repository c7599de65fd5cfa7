-- New expansions' codes -> value_set_code. Grain: one row per code of each added expansion. Parameters: none.
INSERT INTO value_set_code (value_set_id, version, expansion_hash, code_system, code, display)
SELECT
    s.value_set_id,
    s.version,
    s.expansion_hash,
    c.code_system,
    c.code,
    c.display
FROM value_set_staged s
JOIN value_set_code_stage c USING (source, value_set_id)
WHERE s.added
  AND s.first_copy;
