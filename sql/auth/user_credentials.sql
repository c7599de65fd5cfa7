-- The stored password hash of one user, for sign-in. Grain: zero or one row. Parameters: $username.
SELECT
    user_id,
    password_hash,
    disabled
FROM app_user
WHERE username = $username;
