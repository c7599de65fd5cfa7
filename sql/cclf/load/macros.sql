-- TEMP macros of the CCLF loader (run once per connection, server/ingest/session-macros.ts).
-- A field of a fixed-width line at its layout position (1-based start, length: layout.sql), blanks trimmed,
-- empty as NULL.
CREATE OR REPLACE TEMP MACRO cclf_cut(line, start, length) AS
    nullif(trim(substr(line, start, length)), '');

-- CCLF dates are YYYY-MM-DD, the form a DATE cast reads; 1000-01-01 is the
-- packet's placeholder for "no date".
CREATE OR REPLACE TEMP MACRO cclf_date(value) AS
    CASE WHEN value <> '1000-01-01' THEN try_cast(value AS DATE) END;

CREATE OR REPLACE TEMP MACRO cclf_bad_date(value) AS
    value <> '1000-01-01' AND try_cast(value AS DATE) IS NULL;

-- Amounts are signed decimals with two places ("-9(13).99"); quantities have four.
-- Read as DECIMAL(18, 2) first: DECIMAL(20, 2) is a 128-bit integer, and reading text into one measured ~50x
-- slower (most of cclf5.sql's time). Only text too long for 18 digits takes the wide read; the value is
-- the same either way.
CREATE OR REPLACE TEMP MACRO cclf_amount(value) AS
    coalesce(try_cast(value AS DECIMAL(18, 2))::DECIMAL(20, 2), try_cast(value AS DECIMAL(20, 2)));

CREATE OR REPLACE TEMP MACRO cclf_bad_number(value) AS value IS NOT NULL AND try_cast(value AS DOUBLE) IS NULL;

-- Whether a field's text fails one check of the file's cclf_check list (cclfN.sql).
CREATE OR REPLACE TEMP MACRO cclf_fails(value, check_kind) AS
    CASE check_kind
        WHEN 'required' THEN value IS NULL
        WHEN 'date' THEN cclf_bad_date(value)
        WHEN 'number' THEN cclf_bad_number(value)
        WHEN 'integer' THEN value IS NOT NULL AND try_cast(value AS INTEGER) IS NULL
    END;
