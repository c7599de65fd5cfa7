-- The layout of one CCLF file kind from the CCLF Information Packet table (refdata/cclf/cclf_layouts.csv): one row
-- whose `fields` is a STRUCT of each field's start and length by field name (a struct, not a map: a field is
-- then a fixed child vector, where a map lookup would scan the keys on every line), and the record length (the
-- last field's end).
-- Grain: one row. Parameters: $layout_path (the layouts CSV), $cclf_file ('CCLF1', ..., 'CCLF9').
CREATE OR REPLACE TEMP TABLE cclf_layout_field AS
SELECT
    element::INTEGER AS element,
    field_name,
    {'start': start::INTEGER, 'length': length::INTEGER} AS pos,
    "end"::INTEGER AS field_end
FROM read_csv($layout_path, header = true, all_varchar = true)
WHERE file = $cclf_file;

-- PIVOT turns the field names into the struct's keys (a statement of its own: a dynamic PIVOT takes no parameters).
CREATE OR REPLACE TEMP TABLE cclf_layout_stage AS
SELECT
    p AS fields,
    (SELECT max(field_end) FROM cclf_layout_field) AS record_length,
    (SELECT count(*) FROM cclf_layout_field) AS field_count
FROM (
    PIVOT (SELECT field_name, pos FROM cclf_layout_field)
    ON field_name
    USING first(pos)
) AS p;

SELECT
    (SELECT max(field_end) FROM cclf_layout_field) AS record_length,
    (SELECT count(*) FROM cclf_layout_field) AS field_count;
