-- Every user without the password hash, with their open sessions. Grain: one row per user.
SELECT
    u.user_id,
    u.username,
    u.role,
    u.practice_ids,
    u.disabled,
    u.created_at,
    count(s.session_hash) FILTER (WHERE s.expires_at > current_timestamp) AS open_sessions
FROM app_user u
LEFT JOIN user_session s USING (user_id)
GROUP BY ALL
ORDER BY u.username;
