-- One page of the audit log, newest first, optionally for one user or one patient.
-- Grain: one row per audit entry. Parameters: $username (NULL = everyone), $patient_id (NULL = any),
-- $limit, $offset.
SELECT
    audit_id,
    accessed_at,
    user_id,
    username,
    role,
    route,
    request,
    patient_ids,
    patient_count
FROM audit_log
WHERE ($username IS NULL OR username = $username)
  AND ($patient_id IS NULL OR list_contains(patient_ids, $patient_id))
ORDER BY audit_id DESC
LIMIT $limit
OFFSET $offset;
