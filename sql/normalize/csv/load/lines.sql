-- Physical lines of the batch's files, numbered per file, with how each moves the quote state.
-- Grain: one row per physical line of each file (header = line 1; blank lines as NULL text).
-- Parameters: $quote, and the regexes (csv-extract.ts quoteStatePatterns) for one line starting outside a
--             field and ending inside a quoted one ($opens_pattern), starting inside and not closing it
--             ($stays_pattern), starting inside, closing it and opening another ($reopens_pattern).
--
-- Why: read_csv returns accepted rows without their line, skips blank lines, and numbers its rejects by
-- records (a line break inside a quoted field adds no line). Following the quote state from line to line
-- (a quote opens a field only at the field's start, "" inside a quoted field is an escaped quote:
-- RFC 4180 as DuckDB reads it) tells which physical line starts each record, so every row can be
-- reported at the line a user sees in an editor.
-- Until line_records.sql runs (only for files where some line leaves a quoted field open), every line is
-- taken to start a record: starts_record, parser_line (DuckDB's numbering) and record_line (the record's
-- first line) are then simply true, n and n.
CREATE OR REPLACE TEMP TABLE csv_line AS
WITH line_count AS (
    -- per file: how many physical lines it has (accepted + rejected)
    SELECT
        f.source_file_id,
        (SELECT count(*) FROM csv_raw_line a WHERE a.source_file_id = f.source_file_id)
            + (SELECT count(*) FROM csv_line_reject r WHERE r.source_file_id = f.source_file_id) AS lines
    FROM csv_batch_file f
),
free_numbers AS (
    -- the k-th accepted line of a file takes the k-th line number no rejected line of it holds
    SELECT
        source_file_id,
        n,
        row_number() OVER (PARTITION BY source_file_id ORDER BY n) AS ordinal
    FROM (SELECT source_file_id, unnest(range(1, lines + 1)) AS n FROM line_count)
    ANTI JOIN csv_line_reject USING (source_file_id, n)
),
lines AS (
    SELECT f.source_file_id, f.n, a.text FROM free_numbers f JOIN csv_raw_line a USING (source_file_id, ordinal)
    UNION ALL
    SELECT source_file_id, n, text FROM csv_line_reject
),
transitions AS (
    -- whether the line ends inside a quoted field, starting outside (opens) or inside (stays) one;
    -- a line without the quote character keeps the state it starts with (CASE: the regexes run
    -- only on lines that have one)
    SELECT
        source_file_id,
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
    source_file_id,
    n,
    text,
    opens,
    stays,
    true AS starts_record,
    n AS parser_line,
    n AS record_line
FROM transitions;
