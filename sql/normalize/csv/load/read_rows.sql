-- The data rows of a CSV file, parsed by DuckDB, into csv_stage (one VARCHAR column per header field,
-- named by its canonical column or _col<i>; created by csv-extract.ts). Values are trimmed, '' is NULL.
-- Rows DuckDB rejects (wrong column count, invalid encoding, broken quoting) land in $rejects_table.
-- Grain: one row per accepted record; _row = its place among accepted records (the scan keeps file order).
-- Parameters: $path, $columns (STRUCT name -> 'VARCHAR' in header order), $delimiter, $quote, $encoding,
--             $rejects_table, $rejects_scan.
INSERT INTO csv_stage BY NAME
SELECT
    row_number() OVER () AS _row,
    nullif(trim(COLUMNS(*)), '')
FROM read_csv(
    $path,
    header = true,
    auto_detect = false,
    all_varchar = true,
    columns = $columns,
    delim = $delimiter,
    quote = $quote,
    escape = $quote,
    encoding = $encoding,
    store_rejects = true,
    rejects_table = $rejects_table,
    rejects_scan = $rejects_scan
);
