-- Every measure outcome of one patient in a run, as stored (patient_measure: measure_result in patient
-- order), with the deciding record.
-- Grain: one row per measure x group the patient is in the initial population of.
-- Parameters: $run_id (INTEGER), $patient_id.
SELECT
    * EXCLUDE (run_id, patient_id)              -- the columns of the patient_measure contract (schema/12)
FROM patient_measure
WHERE run_id = $run_id::INTEGER
  AND patient_id = $patient_id::VARCHAR
ORDER BY
    measure_id,
    group_id;
