-- Records the value set expansion each role of the run resolved to (the one value_set_effective picked,
-- as sql/measures/shared/codes.sql matched codes against it), so a result can be traced to its versions
-- and an incomplete or missing expansion is visible.
-- Grain: one measure_run_value_set row per value set OID the run's measures and libraries name.
-- Parameters: $run_id.

INSERT INTO measure_run_value_set BY NAME
SELECT
    $run_id AS run_id,
    r.value_set_id,
    e.name,
    e.version,
    coalesce(e.code_count, 0) AS code_count,
    e.expansion_total,
    coalesce(e.complete, false) AS complete
FROM (
    SELECT DISTINCT value_set_id
    FROM m_role
    WHERE value_set_id IS NOT NULL
) AS r
LEFT JOIN value_set_effective AS e USING (value_set_id);
