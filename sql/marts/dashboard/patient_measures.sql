-- Every measure outcome of one patient in a run, as stored (patient_measure: measure_result in patient
-- order), with the deciding record.
-- Grain: one row per measure x group the patient is in the initial population of.
-- Parameters: $run_id (INTEGER), $patient_id.
SELECT
    measure_id,
    group_id,
    initial_population,
    denominator,
    denominator_exclusion,
    denominator_exception,
    numerator,
    gap,
    gap_reason,
    gap_text,
    evidence_date,
    evidence_value,
    evidence_table,
    evidence_record_id,
    evidence_source_id,
    exclusion_reason,
    close_by,
    close_action
FROM patient_measure
WHERE run_id = $run_id::INTEGER
  AND patient_id = $patient_id::VARCHAR
ORDER BY
    measure_id,
    group_id;
