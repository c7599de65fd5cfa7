-- The layout of one CCLF file kind from the CCLF Information Packet table (refdata/cclf/cclf_layouts.csv), and
-- the record length (the last field's end).
-- Grain: cclf_layout_field = one row per field; the result = one row: record_length, field_count and `fields`
-- (each field's name, start and length in layout order), from which cclf-loader.ts writes cut.sql's columns.
-- Parameters: $layout_path (the layouts CSV), $cclf_file ('CCLF1', ..., 'CCLF9').
CREATE OR REPLACE TEMP TABLE cclf_layout_field AS
SELECT
    element::INTEGER AS element,
    field_name,
    start::INTEGER AS start,
    length::INTEGER AS length,
    "end"::INTEGER AS field_end
FROM read_csv($layout_path, header = true, all_varchar = true)
WHERE file = $cclf_file;

SELECT
    max(field_end) AS record_length,
    count(*) AS field_count,
    list({'name': field_name, 'start': start, 'length': length} ORDER BY element) AS fields
FROM cclf_layout_field;
