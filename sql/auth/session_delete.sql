-- Ends one session (sign-out). Parameters: $session_hash.
DELETE FROM user_session
WHERE session_hash = $session_hash;
