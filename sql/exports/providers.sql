-- The clinicians of one practice an export can be about (the Exports screen's provider choice).
-- Grain: one row per provider_id of the practice (a provider sent in several files is one row).
-- Parameters: $practice_id (VARCHAR).
SELECT
    provider_id,
    any_value(provider_name(family_name, given_name)) AS name,
    any_value(npi) AS npi
FROM provider
WHERE practice_id = $practice_id::VARCHAR
GROUP BY provider_id
ORDER BY name, provider_id;
