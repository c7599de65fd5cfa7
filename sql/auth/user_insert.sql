-- Creates one user. Parameters: $username, $password_hash (argon2id PHC string), $role,
-- $practice_ids (JSON array of practice ids; [] for roles other than 'practice').
INSERT INTO app_user (username, password_hash, role, practice_ids)
VALUES ($username, $password_hash, $role, from_json($practice_ids, '["VARCHAR"]'))
RETURNING
    user_id,
    username,
    role,
    practice_ids,
    disabled,
    created_at;
