-- Opens a session. Parameters: $session_hash (sha256 hex of the cookie's id), $user_id, $csrf_token,
-- $ttl_minutes (absolute lifetime; there is no sliding renewal).
INSERT INTO user_session (session_hash, user_id, csrf_token, expires_at)
VALUES ($session_hash, $user_id, $csrf_token, current_timestamp::TIMESTAMP + to_minutes($ttl_minutes::BIGINT));
