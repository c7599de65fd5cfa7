-- The data rows of the batch's files whose header has $width fields, parsed by DuckDB, into
-- csv_read_record (read_tables.sql): each record's fields as a list (header order), appended in read
-- order, file after file (the read runs in parallel; DuckDB keeps the order, as in read_lines.sql). Rows
-- DuckDB rejects (wrong column count, invalid encoding, broken quoting) land in $rejects_table, then
-- csv_parse_error.
-- Grain: csv_read_record = one row per accepted record.
-- Parameters: $paths (files with that header width), $columns (STRUCT c0..c<width-1> -> 'VARCHAR'),
--             $delimiter, $quote, $encoding, $rejects_table, $rejects_scan.
INSERT INTO csv_read_record
SELECT
    filename AS path,
    [*COLUMNS(* EXCLUDE (filename))] AS fields
FROM read_csv(
    $paths,
    header = true,
    auto_detect = false,
    all_varchar = true,
    columns = $columns,
    delim = $delimiter,
    quote = $quote,
    escape = $quote,
    encoding = $encoding,
    filename = true,
    store_rejects = true,
    rejects_table = $rejects_table,
    rejects_scan = $rejects_scan
);

INSERT INTO csv_parse_error
SELECT
    f.source_file_id,
    e.line AS parser_line,
    e.column_idx,
    e.error_type,
    e.error_message,
    e.csv_line
FROM query_table($rejects_table) e
JOIN query_table($rejects_scan) s USING (scan_id, file_id)
JOIN csv_batch_file f ON f.path = s.file_path;
