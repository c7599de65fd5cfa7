-- Every practice's loads rolled up as last built (sql/marts/build/source_practice.sql).
-- Grain: one row per practice. No parameters.
SELECT *
FROM source_practice
ORDER BY practice_id;
