-- Stage the FHIR NDJSON files of a batch (Bulk Data: one resource per line) in one read.
-- Parameters: $paths (VARCHAR[]: fhir_batch_file's paths, batch_files.sql).
-- Grain: fhir_read = one row per line read (raw = its text; its rowid is its place in the read, row_no below;
--        has_text = not blank; json_ok = valid JSON, head_type / head_id = its resourceType and id);
--        fhir_line_head = one row per non-blank line (source_file_id, line_no = its physical line in its
--        file, row_no = its fhir_read rowid), its resourceType and id, json_ok = valid JSON;
--        fhir_reject = the lines DuckDB's CSV reader refused, with their reason: InvalidEncoding (invalid
--        UTF-8), MalformedJson (a raw control byte 0x01, the column delimiter, which no valid JSON line can
--        hold), LineTooLong (over 8 MiB; a larger limit enlarges the reader's buffers and slows every read).
--
-- Lines are read as opaque text (no quote/escape, a delimiter that cannot occur in valid JSON). The reader
-- returns an empty line as a NULL row and leaves a refused line out of its output (listing it, with its
-- file and physical line, in the rejects table). The read runs in parallel and DuckDB keeps its rows in read
-- order, file after file, in the table it fills, so a row's rowid is its place in the read (DuckDB docs,
-- "Order Preservation": rowid turns a materialized table's row order into a column). WITH ORDINALITY would
-- number them too, but it reads on one thread: about 3x the wall time (synthetic 100k, the
-- ExplanationOfBenefit files: 2.1 s against 0.7 s). This runs before the load's transaction (fhir.ts
-- prepareBatch), where rowids are the table's own positions. A row's line in its file is its rowid minus
-- the file's first, plus the refused lines before it (added back below). The lines are not copied again:
-- the head table is narrow, and the kinds reach a line's text by its rowid. Each line's head is parsed as
-- it is read, in the reader's parallel pass: a second scan of the text for it cost 20-30% more (1M
-- network, 383 MiB batches: Observation 0.86 -> 0.68 s, ExplanationOfBenefit 0.83 -> 0.59 s).
DROP TABLE IF EXISTS fhir_read_errors;
DROP TABLE IF EXISTS fhir_read_scans;

CREATE OR REPLACE TEMP TABLE fhir_read AS
SELECT
    path,
    raw,
    has_text,
    head IS NOT NULL AS json_ok,
    head[1] AS head_type,
    head[2] AS head_id
FROM (
    SELECT
        filename AS path,
        raw,
        -- blank and whitespace-only lines hold no resource (trim copies the line: only for lines not
        -- starting "{")
        CASE WHEN starts_with(raw, '{') THEN true ELSE trim(raw) <> '' END AS has_text,
        try(json_extract_string(raw, ['$.resourceType', '$.id'])) AS head   -- NULL: not valid JSON
    FROM read_csv(
        $paths,
        columns = {'raw': 'VARCHAR'},
        header = false,
        delim = chr(1),
        quote = '',
        escape = '',
        auto_detect = false,
        max_line_size = 8388608,
        filename = true,
        store_rejects = true,
        rejects_table = 'fhir_read_errors',
        rejects_scan = 'fhir_read_scans'
    )
);

-- refused.kept_before: how many rows the reader returned from that file before the refused line (its
-- physical line minus the refused lines up to it); every later row of the file is one line further down.
CREATE OR REPLACE TEMP TABLE fhir_refused AS
SELECT
    f.source_file_id,
    e.line - row_number() OVER (PARTITION BY f.source_file_id ORDER BY e.line) AS kept_before
FROM (SELECT DISTINCT scan_id, file_id, line FROM fhir_read_errors) e
JOIN fhir_read_scans s USING (scan_id, file_id)
JOIN fhir_batch_file f ON f.path = s.file_path;

-- Each non-blank line's file, physical line and row in fhir_read, with its resourceType and id (the lines
-- themselves stay in fhir_read: fhir_line is a view, classify.sql). The valid lines are read without their
-- text; a line that is not valid JSON has its resourceType and id sniffed from its text.
CREATE OR REPLACE TEMP TABLE fhir_line_head AS
WITH first_row AS (
    SELECT path, min(rowid) - 1 AS before
    FROM fhir_read
    GROUP BY ALL
)
SELECT
    f.source_file_id,
    r.rowid - fr.before AS line_no,
    r.rowid AS row_no,
    r.json_ok,
    CASE WHEN r.json_ok THEN r.head_type ELSE fhir_sniff_type(r.raw) END AS resource_type,
    CASE WHEN r.json_ok THEN r.head_id ELSE fhir_sniff_id(r.raw) END AS source_id
FROM fhir_read r
JOIN first_row fr USING (path)
JOIN fhir_batch_file f USING (path)
WHERE r.has_text;

UPDATE fhir_line_head
SET line_no = line_no + (
    SELECT count(*)
    FROM fhir_refused refused
    WHERE refused.source_file_id = fhir_line_head.source_file_id
      AND refused.kept_before < fhir_line_head.line_no
)
WHERE source_file_id IN (SELECT source_file_id FROM fhir_refused);

CREATE OR REPLACE TEMP TABLE fhir_reject AS
SELECT
    f.source_file_id,
    e.line AS line_no,
    fhir_sniff_type(any_value(e.csv_line)) AS resource_type,
    fhir_sniff_id(any_value(e.csv_line)) AS record_id,
    CASE
        WHEN bool_or(e.error_type = 'INVALID ENCODING') THEN 'InvalidEncoding'
        WHEN bool_or(e.error_type = 'LINE SIZE OVER MAXIMUM') THEN 'LineTooLong'
        ELSE 'MalformedJson'
    END AS reason,
    CASE
        WHEN bool_or(e.error_type = 'INVALID ENCODING') THEN 'not valid UTF-8 (the invalid bytes are shown as ?)'
        WHEN bool_or(e.error_type = 'TOO MANY COLUMNS') THEN 'not valid JSON: a raw control byte 0x01 in the line'
        ELSE string_agg(e.error_message, '; ')
    END AS detail,
    any_value(e.csv_line) AS raw,
    true AS from_reader
FROM fhir_read_errors e
JOIN fhir_read_scans s USING (scan_id, file_id)
JOIN fhir_batch_file f ON f.path = s.file_path
GROUP BY f.source_file_id, e.line;
