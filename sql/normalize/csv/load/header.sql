-- The header record of a CSV file as a list of field texts (empty fields '', padding NULL).
-- Grain: one row (none for a 0-byte file).
-- Parameters: $path, $columns (a wide STRUCT of VARCHAR columns c0..cN), $delimiter, $quote, $encoding.
-- null_padding lets one read take a header of any width up to N; nullstr chr(0) keeps '' apart from
-- padding. Errors are skipped so a bad data row cannot stop this read; header_matches.sql checks that
-- the row returned is the file's first record.
SELECT
    [*COLUMNS(*)] AS fields
FROM read_csv(
    $path,
    header = false,
    auto_detect = false,
    columns = $columns,
    delim = $delimiter,
    quote = $quote,
    escape = $quote,
    encoding = $encoding,
    nullstr = chr(0),
    null_padding = true,
    parallel = false,
    ignore_errors = true
)
LIMIT 1;
