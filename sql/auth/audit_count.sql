-- How many audit entries match the audit page's filters. Grain: one row. Parameters: $username, $patient_id
-- (NULL = no filter), as in audit_page.sql.
SELECT
    count(*) AS total
FROM audit_log
WHERE ($username IS NULL OR username = $username)
  AND ($patient_id IS NULL OR list_contains(patient_ids, $patient_id));
