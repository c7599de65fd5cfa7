-- What read_rows.sql fills (once per header width among the batch's files). No parameters.
-- Grain: csv_read_record = one row per accepted record (fields in header order), in read order: its rowid
--        is its place in the batch's reads (read_rows.sql);
--        csv_read = the same records with their file and _row, their place among their file's accepted
--        records (a file's records are read together, so they follow one another);
--        csv_parse_error = one row per error DuckDB's reader reported (a record may have several).
CREATE OR REPLACE TEMP TABLE csv_read_record (
    path            VARCHAR,
    fields          VARCHAR[]
);

CREATE OR REPLACE TEMP VIEW csv_read AS
WITH first_row AS (
    SELECT path, min(rowid) - 1 AS before
    FROM csv_read_record
    GROUP BY ALL
)
SELECT
    f.source_file_id,
    r.rowid - fr.before AS _row,
    r.fields
FROM csv_read_record r
JOIN first_row fr USING (path)
JOIN csv_batch_file f USING (path);

CREATE OR REPLACE TEMP TABLE csv_parse_error (
    source_file_id  INTEGER,
    parser_line     BIGINT,
    column_idx      BIGINT,
    error_type      VARCHAR,
    error_message   VARCHAR,
    csv_line        VARCHAR
);
