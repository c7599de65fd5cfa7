-- Every practice's loads rolled up for the data-sources screen: its files, rows read/loaded/rejected, files per
-- status and the last load, so the screen lists practices without shipping every file of the network (GET
-- /api/sources sends one practice's files when asked: sql/marts/dashboard/source_files.sql).
-- Grain: one source_practice row per practice (zero counts and a NULL last load without files). No parameters.
-- Rebuilt after each load (server/marts/source-quality.ts).
DELETE FROM source_practice;

INSERT INTO source_practice BY NAME
SELECT
    p.practice_id,
    p.name AS practice_name,
    p.ehr,
    count(f.source_file_id) AS files,
    coalesce(sum(f.rows_read), 0)::BIGINT AS rows_read,
    coalesce(sum(f.rows_loaded), 0)::BIGINT AS rows_loaded,
    coalesce(sum(f.rows_rejected), 0)::BIGINT AS rows_rejected,
    {
        'loaded': count(*) FILTER (WHERE f.status = 'loaded'),
        'empty': count(*) FILTER (WHERE f.status = 'empty'),
        'failed': count(*) FILTER (WHERE f.status = 'failed')
    } AS statuses,
    max(f.loaded_at) AS last_loaded_at
FROM practice AS p
LEFT JOIN source_file AS f USING (practice_id)
GROUP BY
    p.practice_id,
    p.name,
    p.ehr
ORDER BY p.practice_id;
