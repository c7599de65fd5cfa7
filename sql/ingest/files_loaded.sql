-- Record the loaded files of a batch: their per-content counts and totals.
-- Parameters: $files (JSON text: [{source_file_id, format, content, status (loaded | empty), load_ms,
--             counts: [{resource_type, read, loaded, rejected}]}], one element per file).
-- Grain: one source_file_count row per file and content; one source_file row updated per file.
CREATE OR REPLACE TEMP TABLE loaded_file AS
SELECT
    f.source_file_id,
    f.format,
    f.content,
    f.status,
    f.load_ms,
    f.counts
FROM (
    SELECT unnest(from_json($files, '[{"source_file_id": "INTEGER", "format": "VARCHAR", "content": "VARCHAR",
        "status": "VARCHAR", "load_ms": "INTEGER",
        "counts": [{"resource_type": "VARCHAR", "read": "BIGINT", "loaded": "BIGINT", "rejected": "BIGINT"}]}]')) AS f
);

INSERT INTO source_file_count
SELECT
    source_file_id,
    c.resource_type,
    c.read AS rows_read,
    c.loaded AS rows_loaded,
    c.rejected AS rows_rejected
FROM (SELECT source_file_id, unnest(counts) AS c FROM loaded_file);

UPDATE source_file SET
    format = f.format,
    content = f.content,
    rows_read = coalesce(list_sum(list_transform(f.counts, c -> c.read)), 0),
    rows_loaded = coalesce(list_sum(list_transform(f.counts, c -> c.loaded)), 0),
    rows_rejected = coalesce(list_sum(list_transform(f.counts, c -> c.rejected)), 0),
    status = f.status,
    load_ms = f.load_ms
FROM loaded_file f
WHERE source_file.source_file_id = f.source_file_id;

DROP TABLE loaded_file;
