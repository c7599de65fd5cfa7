-- Every field of a CCLF file's lines cut by its layout (layout.sql): the fixed-width text once, one VARCHAR
-- column per layout field, named as in the Information Packet (blanks trimmed, empty as NULL). The file's
-- cclfN.sql types and maps the columns it keeps.
-- Grain: one row per line of the file (cclf_line). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_cut AS
WITH pos AS (
    -- the layout struct as one column per field name, each the field's {start, length}
    SELECT unnest(fields) FROM cclf_layout_stage
)
SELECT
    l.line_no,
    cclf_cut(l.text, COLUMNS(pos.*))
FROM cclf_line AS l
CROSS JOIN pos;
