-- Every physical line of the batch's files as text, in file order (blank lines as NULL), for line
-- numbers and the raw text of rejected rows. Lines DuckDB cannot take even as plain text (invalid
-- encoding, a stray unit-separator byte) land in $rejects_table with their file and line number.
-- Grain: one row per accepted physical line; ordinal = its place among its file's accepted lines.
-- WITH ORDINALITY numbers the rows of all files in read order (the reader goes file after file on one
-- thread); a file's ordinals start after the previous file's (rowid would not do: rows a transaction adds
-- have transaction-local rowids).
-- Parameters: $paths (csv_batch_file's), $encoding, $rejects_table, $rejects_scan.
CREATE OR REPLACE TEMP TABLE csv_raw_line AS
WITH numbered AS (
    SELECT
        ordinality AS row_no,
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
    ) WITH ORDINALITY
)
SELECT
    f.source_file_id,
    n.row_no - min(n.row_no) OVER (PARTITION BY n.path) + 1 AS ordinal,
    n.text
FROM numbered n
JOIN csv_batch_file f USING (path);

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
