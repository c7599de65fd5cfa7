-- Physical lines of a CSV file, numbered, with how each moves the quote state.
-- Grain: one row per physical line (header = line 1; blank lines as NULL text).
-- Parameters: $line_rejects (rejects table of read_lines.sql), $quote, and the regexes (csv-extract.ts
--             quoteStatePatterns) for one line starting outside a field and ending inside a quoted one
--             ($opens_pattern), starting inside and not closing it ($stays_pattern), starting inside,
--             closing it and opening another ($reopens_pattern).
--
-- Why: read_csv returns accepted rows without their line, skips blank lines, and numbers its rejects by
-- records (a line break inside a quoted field adds no line). Following the quote state from line to line
-- (a quote opens a field only at the field's start, "" inside a quoted field is an escaped quote:
-- RFC 4180 as DuckDB reads it) tells which physical line starts each record, so every row can be
-- reported at the line a user sees in an editor.
-- Until line_records.sql runs (only when some line leaves a quoted field open), every line is taken to
-- start a record: starts_record, parser_line (DuckDB's numbering) and record_line (the record's first
-- line) are then simply true, n and n.
CREATE OR REPLACE TEMP TABLE csv_line AS
WITH line_rejects AS (
    SELECT
        line AS n,
        trim(any_value(csv_line), chr(13) || chr(10)) AS text
    FROM query_table($line_rejects)
    GROUP BY line
),
accepted AS (
    SELECT
        ordinal,
        text
    FROM csv_raw_line
),
free_numbers AS (
    -- the k-th accepted line takes the k-th line number no rejected line holds
    SELECT
        r.n,
        row_number() OVER (ORDER BY r.n) AS ordinal
    FROM range(1, (SELECT count(*) FROM accepted) + (SELECT count(*) FROM line_rejects) + 1) r(n)
    WHERE r.n NOT IN (SELECT n FROM line_rejects)
),
lines AS (
    SELECT f.n, a.text FROM free_numbers f JOIN accepted a USING (ordinal)
    UNION ALL
    SELECT n, text FROM line_rejects
),
transitions AS (
    -- whether the line ends inside a quoted field, starting outside (opens) or inside (stays) one;
    -- a line without the quote character keeps the state it starts with (CASE: the regexes run
    -- only on lines that have one)
    SELECT
        n,
        text,
        CASE WHEN contains(text, $quote) THEN regexp_full_match(text, $opens_pattern) ELSE false END AS opens,
        CASE WHEN contains(text, $quote)
             THEN regexp_full_match(text, $stays_pattern) OR regexp_full_match(text, $reopens_pattern)
             ELSE true
        END AS stays
    FROM lines
)
SELECT
    n,
    text,
    opens,
    stays,
    true AS starts_record,
    n AS parser_line,
    n AS record_line
FROM transitions;
