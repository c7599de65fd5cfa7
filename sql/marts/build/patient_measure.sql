-- Every measure outcome of one finished run as the patient page shows it (measure_result as stored, with the
-- deciding record), stored in patient order so one patient's rows sit in one row group instead of being
-- spread over every measure's insert (ordered by patient only: the page's query orders a patient's rows).
-- Grain: one patient_measure row per patient x measure x group (the patient is in its initial population).
-- Parameters: $run_id (INTEGER).
INSERT INTO patient_measure BY NAME
SELECT
    run_id,
    patient_id,
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
FROM measure_result
WHERE run_id = $run_id::INTEGER
ORDER BY
    patient_id;
