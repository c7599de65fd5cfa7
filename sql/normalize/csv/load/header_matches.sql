-- Whether the header fields read by header.sql are the file's first record as sent: not so when DuckDB
-- skipped line 1 (undecodable, wider than the header read takes), which would make line 2 the header.
-- Compared without quote characters (the fields are unquoted, the line is not).
-- Grain: one row. Parameters: $source_file_id (the file), $fields (the header fields), $delimiter, $quote.
WITH first_record AS (
    SELECT
        string_agg(coalesce(text, ''), chr(10) ORDER BY n) AS text
    FROM csv_line
    WHERE source_file_id = $source_file_id
      AND record_line = 1
)
SELECT
    coalesce(replace(array_to_string($fields, $delimiter), $quote, '') = replace(text, $quote, ''), false) AS matches
FROM first_record;
