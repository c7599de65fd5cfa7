-- One patient's timeline in a run (patient_timeline): the records that decided a measure and the period's
-- encounters, oldest first. Grain: one row per record. Parameters: $run_id (INTEGER), $patient_id.
SELECT
    record_date AS date,
    record_table AS "table",
    record_id,
    source_id,
    practice_id,
    description,
    value,
    measure_ids
FROM patient_timeline
WHERE run_id = $run_id::INTEGER
  AND patient_id = $patient_id::VARCHAR
ORDER BY
    record_date NULLS FIRST,
    record_table,
    record_id;
