-- Stage one FHIR NDJSON file (Bulk Data: one resource per line) as the batch's lines.
-- Parameters: $path.
-- Grain: fhir_line = one row per non-blank line (line_no = its physical line, raw = its text);
--        fhir_line_head = the same lines' resourceType and id, json_ok = the line is valid JSON;
--        fhir_reject = the lines DuckDB's CSV reader refused, with their reason: InvalidEncoding (invalid
--        UTF-8), MalformedJson (a raw control byte 0x01, the column delimiter, which no valid JSON line can
--        hold), LineTooLong (over 8 MiB; a larger limit enlarges the reader's buffers and slows every read).
--
-- Lines are read as opaque text (no quote/escape, a delimiter that cannot occur in valid JSON). The reader
-- returns an empty line as a NULL row and leaves a refused line out of its output (listing it, with its
-- physical line, in the rejects table), so a row's ordinality lags its physical line by the refused lines
-- before it; the UPDATE below adds them back. WITH ORDINALITY runs the read on one thread, so nothing
-- else is computed in that statement: the JSON work happens after, in parallel.
DROP TABLE IF EXISTS fhir_read_errors;
DROP TABLE IF EXISTS fhir_read_scans;

CREATE OR REPLACE TEMP TABLE fhir_line AS
SELECT
    ordinality AS line_no,
    raw
FROM read_csv(
    $path,
    columns = {'raw': 'VARCHAR'},
    header = false,
    delim = chr(1),
    quote = '',
    escape = '',
    auto_detect = false,
    max_line_size = 8388608,
    store_rejects = true,
    rejects_table = 'fhir_read_errors',
    rejects_scan = 'fhir_read_scans'
) WITH ORDINALITY
-- Blank and whitespace-only lines hold no resource (trim copies the line: only for lines not starting "{").
WHERE starts_with(raw, '{') OR trim(raw) <> '';

-- refused.kept_before: how many rows the reader returned before the refused line (its physical line
-- minus the refused lines up to it); every row past that is one physical line further down.
UPDATE fhir_line
SET line_no = line_no + (
    SELECT count(*)
    FROM (
        SELECT line - row_number() OVER (ORDER BY line) AS kept_before
        FROM (SELECT DISTINCT line FROM fhir_read_errors)
    ) refused
    WHERE refused.kept_before < fhir_line.line_no
)
WHERE EXISTS (SELECT 1 FROM fhir_read_errors);

CREATE OR REPLACE TEMP TABLE fhir_line_head AS
WITH parsed AS (
    SELECT
        line_no,
        raw,
        try(json_extract_string(raw, ['$.resourceType', '$.id'])) AS head   -- NULL: not valid JSON
    FROM fhir_line
)
SELECT
    line_no,
    head IS NOT NULL AS json_ok,
    CASE WHEN head IS NOT NULL THEN head[1] ELSE fhir_sniff_type(raw) END AS resource_type,
    CASE WHEN head IS NOT NULL THEN head[2] ELSE fhir_sniff_id(raw) END AS source_id
FROM parsed;

CREATE OR REPLACE TEMP TABLE fhir_reject AS
SELECT
    line AS line_no,
    fhir_sniff_type(any_value(csv_line)) AS resource_type,
    fhir_sniff_id(any_value(csv_line)) AS record_id,
    CASE
        WHEN bool_or(error_type = 'INVALID ENCODING') THEN 'InvalidEncoding'
        WHEN bool_or(error_type = 'LINE SIZE OVER MAXIMUM') THEN 'LineTooLong'
        ELSE 'MalformedJson'
    END AS reason,
    CASE
        WHEN bool_or(error_type = 'INVALID ENCODING') THEN 'not valid UTF-8 (the invalid bytes are shown as ?)'
        WHEN bool_or(error_type = 'TOO MANY COLUMNS') THEN 'not valid JSON: a raw control byte 0x01 in the line'
        ELSE string_agg(error_message, '; ')
    END AS detail,
    any_value(csv_line) AS raw,
    true AS from_reader
FROM fhir_read_errors
GROUP BY line;
