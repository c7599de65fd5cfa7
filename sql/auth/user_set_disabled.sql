-- Disables or re-enables one user. Parameters: $username, $disabled. Returns the user (no row: no such user).
UPDATE app_user
SET disabled = $disabled
WHERE username = $username
RETURNING
    user_id,
    username,
    role,
    practice_ids,
    disabled,
    created_at;
