-- Every field of a CCLF file's lines cut by its layout (layout.sql): the fixed-width text once, one VARCHAR
-- column per layout field, named as in the Information Packet (blanks trimmed, empty as NULL), next to the
-- line's text and length. The file's cclfN.sql types and maps the columns it keeps; check.sql checks them.
-- Grain: one row per line of the file (cclf_line). No parameters.
-- The fields placeholder below becomes `cclf_cut(text, start, length) AS "NAME"` per layout field (cclf-loader.ts):
-- positions written as constants (read per line from a joined layout row, the same cut took 1.5-1.8x the CPU).
CREATE OR REPLACE TEMP TABLE cclf_cut AS
SELECT
    rowid + 1 AS line_no,
    text AS raw,
    length(text) AS line_length,
    /*fields*/
FROM cclf_line;
