-- Ends every session of one user (on disable). Parameters: $username.
DELETE FROM user_session
WHERE user_id IN (SELECT user_id FROM app_user WHERE username = $username);
