-- The files of one CSV load batch (the same table from one or more practices, read with one dialect and
-- date format; see csv-extract.ts), before reading. Grain: csv_batch_file = one row per file.
-- Parameters: $paths, $source_file_ids, $practice_ids (lists of one length, in batch order).
CREATE OR REPLACE TEMP TABLE csv_batch_file AS
SELECT
    unnest($paths::VARCHAR[]) AS path,
    unnest($source_file_ids::INTEGER[]) AS source_file_id,
    unnest($practice_ids::VARCHAR[]) AS practice_id;
