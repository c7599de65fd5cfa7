-- One enterprise patient of a run as the viewer may see them (patient_card): demographics, the run's
-- attribution and the linked practice records.
-- Grain: one row, or none when there is no such patient or the viewer may not see them.
-- Parameters: $run_id (INTEGER), $patient_id, $practice_ids (JSON array of the viewer's practices, NULL =
--             every practice: a practice user sees patients attributed to, or with a record at, one of them).
WITH scope AS (
    SELECT
        from_json($practice_ids::VARCHAR, '["VARCHAR"]') AS practice_ids
)
SELECT
    c.patient_id,
    c.name,
    c.birth_date,
    c.sex,
    c.race,
    c.ethnicity,
    c.postal_code,
    c.attributed_practice_id,
    c.attributed_practice_name,
    c.attributed_provider_id,
    c.attributed_provider_name,
    c.records
FROM patient_card AS c
CROSS JOIN scope AS s
WHERE c.run_id = $run_id::INTEGER
  AND c.patient_id = $patient_id::VARCHAR
  AND (s.practice_ids IS NULL
       OR list_contains(s.practice_ids, c.attributed_practice_id)
       OR list_has_any(s.practice_ids, c.record_practice_ids));
