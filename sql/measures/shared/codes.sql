-- The codes behind every role the run's measures and libraries name.
-- Grain: m_role = one row per role (a value set OID or one direct-reference code, from the definitions),
--        numbered by role_id (fact_rows.sql groups on the number, not the name);
--        m_code = one row per (role, code_system, code).
-- Parameters: $roles = JSON array of {role, value_set_id, code_system, code} (server/measures/runner.ts).
-- Value sets resolve through value_set_effective_code (one expansion per OID, schema/07_value_set_effective.sql).

CREATE OR REPLACE TEMP TABLE m_role AS
SELECT
    row_number() OVER ()::INTEGER AS role_id,
    *
FROM (
    SELECT unnest(
        from_json($roles, '[{"role": "VARCHAR", "value_set_id": "VARCHAR", "code_system": "VARCHAR", "code": "VARCHAR"}]'),
        recursive := true
    )
);

CREATE OR REPLACE TEMP TABLE m_code AS
SELECT DISTINCT
    r.role_id,
    r.role,
    v.code_system,
    v.code
FROM m_role r
JOIN value_set_effective_code v USING (value_set_id)
UNION
SELECT
    role_id,
    role,
    code_system,
    code
FROM m_role
WHERE code IS NOT NULL;
