-- Convenience views over the core model.
-- patient_record_link: every practice record with its enterprise patient (records not yet linked map to themselves).
CREATE OR REPLACE VIEW patient_record_link AS
SELECT
    r.patient_record_id,
    r.practice_id,
    coalesce(l.patient_id, r.patient_record_id) AS patient_id
FROM patient_record r
LEFT JOIN patient_link l USING (patient_record_id);
