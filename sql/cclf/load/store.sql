-- Stores one checked CCLF file (cclf_checked, check.sql): rejected lines into rejected_row (reason, the failing
-- fields, the raw line), the others into the file kind's table {{table}}. Returns read/loaded/rejected.
-- Parameters: $source_file_id, $content ('CCLF1', ...).
INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
SELECT
    $source_file_id,
    line_no,
    $content,
    record_id,
    reason,
    detail,
    left(raw, 65536)
FROM cclf_checked
WHERE reason IS NOT NULL;

INSERT INTO {{table}} BY NAME
SELECT
    $source_file_id AS source_file_id,
    * EXCLUDE (raw, record_id, line_length, reason, detail)
FROM cclf_checked
WHERE reason IS NULL;

SELECT
    count(*) AS read,
    count(*) FILTER (WHERE reason IS NULL) AS loaded,
    count(*) FILTER (WHERE reason IS NOT NULL) AS rejected
FROM cclf_checked;
