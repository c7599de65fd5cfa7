-- Every physical line of the batch's files as text, in file order (blank lines as NULL), for line
-- numbers and the raw text of rejected rows. Lines DuckDB cannot take even as plain text (invalid
-- encoding, a stray unit-separator byte) land in $rejects_table with their file and line number.
-- Grain: csv_raw_line = one row per accepted physical line; ordinal = its place among its file's accepted
-- lines.
-- The read runs in parallel and DuckDB keeps its rows in read order, file after file, in the table it
-- fills: a line's rowid in csv_read_line is its place in the read (as in sql/normalize/fhir/stage_ndjson.sql;
-- WITH ORDINALITY would read on one thread). This runs before the load's transaction (csv-extract.ts
-- stageBatch), where rowids are the table's own positions.
-- Parameters: $paths (csv_batch_file's), $encoding, $rejects_table, $rejects_scan.
CREATE OR REPLACE TEMP TABLE csv_read_line AS
SELECT
    filename AS path,
    line AS text
FROM read_csv(
    $paths,
    header = false,
    auto_detect = false,
    columns = {'line': 'VARCHAR'},
    delim = chr(31),
    quote = '',
    escape = '',
    encoding = $encoding,
    filename = true,
    store_rejects = true,
    rejects_table = $rejects_table,
    rejects_scan = $rejects_scan
);

CREATE OR REPLACE TEMP TABLE csv_raw_line AS
WITH first_row AS (
    SELECT path, min(rowid) - 1 AS before
    FROM csv_read_line
    GROUP BY ALL
)
SELECT
    f.source_file_id,
    n.rowid - fr.before AS ordinal,
    n.text
FROM csv_read_line n
JOIN first_row fr USING (path)
JOIN csv_batch_file f USING (path);

DROP TABLE csv_read_line;

-- The rejected physical lines of each file (line = its physical line number).
CREATE OR REPLACE TEMP TABLE csv_line_reject AS
SELECT
    f.source_file_id,
    e.line AS n,
    trim(any_value(e.csv_line), chr(13) || chr(10)) AS text
FROM query_table($rejects_table) e
JOIN query_table($rejects_scan) s USING (scan_id, file_id)
JOIN csv_batch_file f ON f.path = s.file_path
GROUP BY ALL;
