-- Every line of a CCLF file as text, numbered in file order (a CR before the LF removed; blank lines as NULL).
-- Grain: one row per physical line. Parameters: $path.
-- chr(31) never occurs in CCLF text, so each line is one field; no quoting or escaping. Not strict: a stray
-- chr(31) cuts the line short (then rejected as WrongLineLength) instead of failing the whole file.
CREATE OR REPLACE TEMP TABLE cclf_line AS
SELECT
    row_number() OVER () AS line_no,
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
