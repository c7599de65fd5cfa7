-- TEMP macros of the CCLF loader (run once per connection, server/ingest/session-macros.ts).
-- A field of a fixed-width line by name: its start and length (1-based) in the layout struct (layout.sql), blanks
-- trimmed, empty as NULL.
CREATE OR REPLACE TEMP MACRO cclf_field(line, fields, name) AS
    nullif(trim(substr(line, fields[name].start, fields[name].length)), '');

-- CCLF dates are YYYY-MM-DD, the form a DATE cast reads; 1000-01-01 is the
-- packet's placeholder for "no date".
CREATE OR REPLACE TEMP MACRO cclf_date(value) AS
    CASE WHEN value <> '1000-01-01' THEN try_cast(value AS DATE) END;

CREATE OR REPLACE TEMP MACRO cclf_bad_date(value) AS
    value <> '1000-01-01' AND try_cast(value AS DATE) IS NULL;

-- Amounts are signed decimals with two places ("-9(13).99"); quantities have four.
CREATE OR REPLACE TEMP MACRO cclf_amount(value) AS try_cast(value AS DECIMAL(20, 2));

CREATE OR REPLACE TEMP MACRO cclf_bad_number(value) AS value IS NOT NULL AND try_cast(value AS DOUBLE) IS NULL;
