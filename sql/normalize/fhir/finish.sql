-- Keep the batch's rejected lines with their raw text (truncated to 64 Ki characters); an empty file
-- gets its file-level reject. No parameters. Grain: one rejected_row per fhir_reject row, plus one per
-- file of the batch (fhir_batch_file) without a single line.
INSERT INTO rejected_row
SELECT
    r.source_file_id,
    r.line_no,
    r.resource_type,
    r.record_id,
    r.reason,
    r.detail,
    left(coalesce(r.raw, l.raw), 65536) AS raw
FROM fhir_reject r
LEFT JOIN fhir_line l
    ON NOT r.from_reader AND l.source_file_id = r.source_file_id AND l.line_no = r.line_no;

-- A file without a single line or entry is one file-level EmptyFile reject.
INSERT INTO rejected_row
SELECT
    f.source_file_id,
    NULL AS line_no,
    NULL AS resource_type,
    NULL AS record_id,
    'EmptyFile' AS reason,
    'the file holds no FHIR resources (no non-blank line, or a Bundle without entries)' AS detail,
    NULL AS raw
FROM fhir_batch_file f
WHERE f.source_file_id NOT IN (SELECT source_file_id FROM fhir_line_head)
  AND f.source_file_id NOT IN (SELECT source_file_id FROM fhir_reject);
