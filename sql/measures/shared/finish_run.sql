-- Closes a measure run: the value set versions its roles resolved to and the patients considered.
-- Parameters: $run_id.

UPDATE measure_run
SET
    status = 'finished',
    finished_at = current_timestamp,
    value_set_versions = (
        SELECT list({'value_set_id': e.value_set_id, 'version': e.version} ORDER BY e.value_set_id)
        FROM value_set_effective e
        WHERE e.value_set_id IN (SELECT value_set_id FROM m_role)
    ),
    patient_count = (SELECT count(*) FROM m_patient)
WHERE run_id = $run_id;
