-- Whether a Bundle JSON file can be staged at all: its size in characters (blank = empty) and whether
-- it is one valid JSON document. read_text fails on invalid UTF-8 (the caller reports that as InvalidEncoding).
-- Parameters: $path. Grain: one row.
SELECT
    length(trim(content)) AS chars,
    json_valid(content) AS json_ok
FROM read_text($path);
