-- The reject report of an upload: rejected rows of the files it loaded, without the raw text (it can
-- hold patient data; the reason, line and detail say what to fix). Grain: one row per rejected row.
-- Parameters: $source_file_ids (JSON array of source_file ids), $limit.
SELECT
    f.path,
    r.line_no,
    r.resource_type,
    r.reason,
    r.detail
FROM rejected_row r
JOIN source_file f USING (source_file_id)
WHERE list_contains(from_json($source_file_ids, '["INTEGER"]'), r.source_file_id)
ORDER BY f.path, r.line_no NULLS FIRST
LIMIT $limit;
