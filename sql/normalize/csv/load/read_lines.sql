-- Every physical line of a CSV file as text, in file order (blank lines as NULL), for line numbers and
-- the raw text of rejected rows. Lines DuckDB cannot take even as plain text (invalid encoding, a stray
-- unit-separator byte) land in $rejects_table with their line number.
-- Grain: one row per accepted physical line; ordinal = its place among accepted lines (the scan keeps
-- file order; rowid would not do: rows a transaction adds have transaction-local rowids).
-- Parameters: $path, $encoding, $rejects_table, $rejects_scan.
CREATE OR REPLACE TEMP TABLE csv_raw_line AS
SELECT
    row_number() OVER () AS ordinal,
    line AS text
FROM read_csv(
    $path,
    header = false,
    auto_detect = false,
    columns = {'line': 'VARCHAR'},
    delim = chr(31),
    quote = '',
    escape = '',
    encoding = $encoding,
    store_rejects = true,
    rejects_table = $rejects_table,
    rejects_scan = $rejects_scan
);
