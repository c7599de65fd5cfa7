-- Record a loaded file's per-content counts and totals.
-- Parameters: $source_file_id, $format, $content, $status (loaded | empty), $load_ms,
--             $counts (JSON text: [{resource_type, read, loaded, rejected}], one element per content).
INSERT INTO source_file_count
SELECT
    $source_file_id AS source_file_id,
    c.resource_type,
    c.read AS rows_read,
    c.loaded AS rows_loaded,
    c.rejected AS rows_rejected
FROM (
    SELECT unnest(from_json($counts, '[{"resource_type": "VARCHAR", "read": "BIGINT", "loaded": "BIGINT", "rejected": "BIGINT"}]')) AS c
);

UPDATE source_file SET
    format = $format,
    content = $content,
    rows_read = totals.rows_read,
    rows_loaded = totals.rows_loaded,
    rows_rejected = totals.rows_rejected,
    status = $status,
    load_ms = $load_ms
FROM (
    SELECT
        coalesce(sum(rows_read), 0) AS rows_read,
        coalesce(sum(rows_loaded), 0) AS rows_loaded,
        coalesce(sum(rows_rejected), 0) AS rows_rejected
    FROM source_file_count
    WHERE source_file_id = $source_file_id
) AS totals
WHERE source_file.source_file_id = $source_file_id;
