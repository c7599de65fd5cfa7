-- The checks of the file's cclfN.sql (cclf_check) on fields of its layout, in layout order: check.sql's lists of
-- failing fields are written from them (cclf-loader.ts). Grain: one row per check. No parameters.
SELECT
    c.field_name,
    c.check_kind
FROM cclf_check AS c
JOIN cclf_layout_field AS f USING (field_name)
ORDER BY f.element, c.check_kind;
