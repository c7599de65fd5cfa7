-- What read_rows.sql fills (once per header width among the batch's files). No parameters.
-- Grain: csv_read = one row per accepted record (fields in header order); csv_parse_error = one row per
-- error DuckDB's reader reported (a record may have several).
CREATE OR REPLACE TEMP TABLE csv_read (
    source_file_id  INTEGER,
    _row            BIGINT,
    fields          VARCHAR[]
);

CREATE OR REPLACE TEMP TABLE csv_parse_error (
    source_file_id  INTEGER,
    parser_line     BIGINT,
    column_idx      BIGINT,
    error_type      VARCHAR,
    error_message   VARCHAR,
    csv_line        VARCHAR
);
