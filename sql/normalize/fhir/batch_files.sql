-- The files of one load batch (one or more files, at most one per practice and kind; see fhir.ts), before
-- staging. Parameters: $paths, $source_file_ids, $practice_ids (lists of one length, in batch order).
-- Grain: fhir_batch_file = one row per file of the batch.
CREATE OR REPLACE TEMP TABLE fhir_batch_file AS
SELECT
    unnest($paths::VARCHAR[]) AS path,
    unnest($source_file_ids::INTEGER[]) AS source_file_id,
    unnest($practice_ids::VARCHAR[]) AS practice_id;
