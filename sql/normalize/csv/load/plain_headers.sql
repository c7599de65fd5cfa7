-- The header of each file of the batch whose line 1 is plain: read, not rejected, without the quote
-- character and narrower than the narrow header read (header.sql, $max_fields). Such a line is one record
-- whose fields are its text split at the delimiter (RFC 4180: only quotes make a delimiter or line break
-- part of a field), which is what header.sql would return; other files' headers are read by header.sql.
-- Grain: one row per such file. Parameters: $delimiter, $quote, $max_fields.
SELECT
    l.source_file_id,
    string_split(l.text, $delimiter) AS fields
FROM csv_line l
ANTI JOIN csv_line_reject r ON r.source_file_id = l.source_file_id AND r.n = l.n
WHERE l.n = 1
  AND l.text IS NOT NULL
  AND NOT contains(l.text, $quote)
  AND len(string_split(l.text, $delimiter)) < $max_fields;
