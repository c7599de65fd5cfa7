-- Store one kind's normalised batch (temp table fhir_out, from sql/normalize/fhir/<kind>.sql: the core
-- table's columns plus input_line_no, reason, detail) in its core table {{table}}. Rejected lines go to
-- fhir_reject. Newer replaces older: rows of this practice with the same source_id are deleted, then the
-- batch's rows inserted (a nightly full extract updates records; the big core tables carry no
-- primary-key index, so delete-then-insert rather than an upsert).
-- Parameters: $practice_id, $resource_type. {{table}}: the kind's core table, from the fixed list in fhir.ts.
INSERT INTO fhir_reject
SELECT DISTINCT
    input_line_no AS line_no,
    $resource_type AS resource_type,
    source_id AS record_id,
    reason,
    detail,
    NULL AS raw,
    false AS from_reader
FROM fhir_out
WHERE reason IS NOT NULL;

DELETE FROM {{table}}
WHERE practice_id = $practice_id
  AND source_id IN (SELECT source_id FROM fhir_out WHERE reason IS NULL);

INSERT INTO {{table}} BY NAME
SELECT * EXCLUDE (input_line_no, reason, detail)
FROM fhir_out
WHERE reason IS NULL;

INSERT INTO fhir_loaded
SELECT
    $resource_type AS resource_type,
    count(DISTINCT input_line_no) AS loaded
FROM fhir_out
WHERE reason IS NULL;
