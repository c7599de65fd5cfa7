-- Per-practice data completeness as last built (sql/marts/build/source_completeness.sql).
-- Grain: one row per practice. No parameters.
SELECT *
FROM source_completeness
ORDER BY practice_id;
