-- Appends one audit row for a patient-level read or export. Parameters: $user_id, $username, $role,
-- $route (route pattern), $request (method and URL as sent), $patient_ids (JSON array, or NULL when only
-- a count is recorded), $patient_count.
INSERT INTO audit_log (user_id, username, role, route, request, patient_ids, patient_count)
VALUES (
    $user_id,
    $username,
    $role,
    $route,
    $request,
    CASE WHEN $patient_ids IS NULL THEN NULL ELSE from_json($patient_ids, '["VARCHAR"]') END,
    $patient_count
);
