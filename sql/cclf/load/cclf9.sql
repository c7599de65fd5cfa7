-- CCLF9 (beneficiary identifier crosswalk) lines -> typed columns of cclf_mbi_xref and the checks store.sql reads.
-- Grain: one row per line of the file (cclf_line). No parameters; the layout is cclf_layout_stage (layout.sql).
CREATE OR REPLACE TEMP TABLE cclf_parsed AS
WITH field AS (
    SELECT
        l.line_no,
        l.text,
        cclf_field(l.text, s.fields, 'HICN_MBI_XREF_IND') AS hicn_mbi_xref_ind,
        cclf_field(l.text, s.fields, 'CRNT_NUM') AS crnt_num,
        cclf_field(l.text, s.fields, 'PRVS_NUM') AS prvs_num,
        cclf_field(l.text, s.fields, 'PRVS_ID_EFCTV_DT') AS prvs_id_efctv_dt,
        cclf_field(l.text, s.fields, 'PRVS_ID_OBSLT_DT') AS prvs_id_obslt_dt
    FROM cclf_line AS l
    CROSS JOIN cclf_layout_stage AS s
)
SELECT
    line_no,
    text AS raw,
    length(text) AS line_length,
    prvs_num AS record_id,
    hicn_mbi_xref_ind,
    crnt_num,
    prvs_num,
    cclf_date(prvs_id_efctv_dt) AS prvs_id_efctv_dt,
    cclf_date(prvs_id_obslt_dt) AS prvs_id_obslt_dt,
    concat_ws(
        ', ',
        CASE WHEN crnt_num IS NULL THEN 'CRNT_NUM' END,
        CASE WHEN prvs_num IS NULL THEN 'PRVS_NUM' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(prvs_id_efctv_dt) THEN 'PRVS_ID_EFCTV_DT' END,
        CASE WHEN cclf_bad_date(prvs_id_obslt_dt) THEN 'PRVS_ID_OBSLT_DT' END
    ) AS bad_dates,
    '' AS bad_numbers
FROM field;
