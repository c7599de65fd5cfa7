-- Drops expired sessions (run at sign-in, so the table stays the size of the signed-in users).
DELETE FROM user_session
WHERE expires_at <= current_timestamp;
