-- Per-practice linking statistics as last built (sql/marts/build/source_linking.sql).
-- Grain: one row per practice. No parameters.
SELECT *
FROM source_linking
ORDER BY practice_id;
