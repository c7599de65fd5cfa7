-- Store one kind's normalised batch (temp table fhir_out, from sql/normalize/fhir/<kind>.sql: the core
-- table's columns plus input_line_no, reason, detail) in its core table {{table}}. Rejected lines go to
-- fhir_reject. Newer replaces older: rows of the same practice with the same source_id are deleted, then
-- the batch's rows inserted (a nightly full extract updates records; the big core tables carry no
-- primary-key index, so delete-then-insert rather than an upsert). A batch holds at most one file per
-- practice and kind, so no two of its rows replace each other.
-- Parameters: $resource_type. {{table}}: the kind's core table, from the fixed list in fhir.ts.
INSERT INTO fhir_reject
SELECT DISTINCT
    source_file_id,
    input_line_no AS line_no,
    $resource_type AS resource_type,
    source_id AS record_id,
    reason,
    detail,
    NULL AS raw,
    false AS from_reader
FROM fhir_out
WHERE reason IS NOT NULL;

DELETE FROM {{table}} t
USING (SELECT DISTINCT practice_id, source_id FROM fhir_out WHERE reason IS NULL) AS replaced
WHERE t.practice_id = replaced.practice_id
  AND t.source_id = replaced.source_id;

INSERT INTO {{table}} BY NAME
SELECT * EXCLUDE (input_line_no, reason, detail)
FROM fhir_out
WHERE reason IS NULL;

INSERT INTO fhir_loaded
SELECT
    source_file_id,
    $resource_type AS resource_type,
    count(DISTINCT input_line_no) AS loaded
FROM fhir_out
WHERE reason IS NULL
GROUP BY ALL;
