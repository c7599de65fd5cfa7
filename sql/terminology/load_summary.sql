-- What one load found, per expansion: its size, declared total, completeness, whether it was new, the files
-- that carried it, and whether the expansion measures will use for that OID (value_set_effective) is complete.
-- Grain: one row per (value_set_id, version, expansion_hash) staged in this load. Parameters: none.
-- Copies of one expansion share codes, completeness and newness; their names and declared totals (a complete
-- copy may omit expansion.total) can differ, so the smallest name and the declared total when any are shown.
SELECT
    s.value_set_id,
    s.version,
    min(s.name) AS name,
    any_value(s.code_count) AS codes,
    max(s.expansion_total) AS declared_total,
    any_value(s.complete) AS complete,
    any_value(s.added) AS added,
    list(s.source ORDER BY s.source) AS sources,
    any_value(e.complete) AS effective_complete
FROM value_set_staged s
JOIN value_set_effective e USING (value_set_id)
GROUP BY s.value_set_id, s.version, s.expansion_hash
ORDER BY name, s.value_set_id, s.version, codes DESC, s.expansion_hash;
