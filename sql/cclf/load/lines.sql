-- Every line of a CCLF file as text, in file order (a CR before the LF removed; blank lines as NULL).
-- Grain: one row per physical line; its rowid is its place in the file (cut.sql: line_no = rowid + 1).
-- Parameters: $path.
-- The read runs in parallel and DuckDB keeps its rows in file order in the table it fills (as in
-- sql/normalize/fhir/stage_ndjson.sql); row_number() OVER () numbered them on one thread (the 1M
-- network's CCLF5, 1,543,065 lines: 3.5-3.7 s against 1.6-2.0 s). This runs before the load's
-- transaction (cclf-loader.ts prepareBatch), where rowids are the table's own positions.
-- chr(31) never occurs in CCLF text, so each line is one field; no quoting or escaping. Not strict: a stray
-- chr(31) cuts the line short (then rejected as WrongLineLength) instead of failing the whole file.
CREATE OR REPLACE TEMP TABLE cclf_line AS
SELECT
    rtrim(line, chr(13)) AS text
FROM read_csv(
    $path,
    header = false,
    auto_detect = false,
    columns = {'line': 'VARCHAR'},
    delim = chr(31),
    quote = '',
    escape = '',
    strict_mode = false
);
