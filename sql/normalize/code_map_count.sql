-- How many local codes the practices of these files map (0: the code map has nothing to do).
-- Parameters: $source_file_ids. Grain: one row.
SELECT count(*) AS n
FROM local_code_map
WHERE practice_id IN (
    SELECT practice_id
    FROM source_file
    WHERE source_file_id IN (SELECT unnest($source_file_ids::INTEGER[]))
);
