-- Blood pressure readings by their systolic/diastolic components, whatever code they were sent with: each
-- reading with a component joins m_observation under the role blood_pressure (when a measure of the run
-- uses it), unless one of its codings already put it there (fact_rows.sql). code and display are then the
-- reading's first coding.
-- Grain: adds one m_observation row per such reading. No parameters.
-- The test is on the reading's own codings against the role's few codes (a list per row), not a join
-- with the fact rows on observation_id: 0.9 against 1.5 CPU-s at the synthetic 1M.

INSERT INTO m_observation BY NAME
WITH bp_code AS MATERIALIZED (
    SELECT list({'system': code_system, 'code': code}) AS codes
    FROM m_code
    WHERE role = 'blood_pressure'
)
SELECT
    'blood_pressure' AS role,
    s.codings[1].code AS code,
    s.codings[1].display AS display,
    s.* EXCLUDE (row_id, codings)
FROM m_observation_source s, bp_code b
WHERE EXISTS (SELECT 1 FROM m_role WHERE role = 'blood_pressure')
  AND (s.systolic IS NOT NULL OR s.diastolic IS NOT NULL)
  AND NOT coalesce(list_has_any([{'system': c.system, 'code': c.code} FOR c IN s.codings], b.codes), false);
