-- The practice (by practice_id or TIN) or provider (by provider_id or NPI) an export is about.
-- Grain: one row, or none. Parameters: $entity_type ('practice' | 'provider'), $entity_key (VARCHAR).
-- entity_id is the key measure_rate stores for the entity (practice_id, provider_id).
WITH practice_entity AS (
    SELECT
        'practice' AS entity_type,
        practice_id AS entity_id,
        name,
        tin,
        NULL::VARCHAR AS npi,
        practice_id
    FROM practice
    WHERE $entity_type::VARCHAR = 'practice'
      AND (practice_id = $entity_key::VARCHAR OR tin = $entity_key::VARCHAR)
),
provider_entity AS (
    SELECT
        'provider' AS entity_type,
        v.provider_id AS entity_id,
        provider_name(v.family_name, v.given_name) AS name,
        p.tin,
        v.npi,
        v.practice_id
    FROM provider AS v
    JOIN practice AS p
        ON p.practice_id = v.practice_id
    WHERE $entity_type::VARCHAR = 'provider'
      AND (v.provider_id = $entity_key::VARCHAR OR v.npi = $entity_key::VARCHAR)
)
SELECT *
FROM practice_entity
UNION ALL
SELECT *
FROM provider_entity
ORDER BY entity_id
LIMIT 1;
