-- The viewer behind a session cookie: the session must be unexpired and its user enabled.
-- Grain: zero or one row. Parameters: $session_hash.
SELECT
    u.user_id,
    u.username,
    u.role,
    u.practice_ids,
    s.csrf_token,
    s.expires_at
FROM user_session s
JOIN app_user u USING (user_id)
WHERE s.session_hash = $session_hash
  AND s.expires_at > current_timestamp
  AND NOT u.disabled;
