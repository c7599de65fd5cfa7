-- How many users exist (demo users are created only when none does). Grain: one row.
SELECT
    count(*) AS users
FROM app_user;
