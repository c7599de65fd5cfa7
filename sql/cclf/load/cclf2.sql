-- CCLF2 (Part A revenue center line) lines -> typed columns of cclf_revenue_line and the checks store.sql reads.
-- Grain: one row per line of the file (cclf_line). No parameters; the layout is cclf_layout_stage (layout.sql).
CREATE OR REPLACE TEMP TABLE cclf_parsed AS
WITH field AS (
    SELECT
        l.line_no,
        l.text,
        cclf_field(l.text, s.fields, 'CUR_CLM_UNIQ_ID') AS cur_clm_uniq_id,
        cclf_field(l.text, s.fields, 'CLM_LINE_NUM') AS clm_line_num,
        cclf_field(l.text, s.fields, 'BENE_MBI_ID') AS bene_mbi_id,
        cclf_field(l.text, s.fields, 'CLM_TYPE_CD') AS clm_type_cd,
        cclf_field(l.text, s.fields, 'CLM_LINE_FROM_DT') AS clm_line_from_dt,
        cclf_field(l.text, s.fields, 'CLM_LINE_THRU_DT') AS clm_line_thru_dt,
        cclf_field(l.text, s.fields, 'CLM_LINE_PROD_REV_CTR_CD') AS clm_line_prod_rev_ctr_cd,
        cclf_field(l.text, s.fields, 'CLM_LINE_HCPCS_CD') AS clm_line_hcpcs_cd,
        cclf_field(l.text, s.fields, 'CLM_LINE_SRVC_UNIT_QTY') AS clm_line_srvc_unit_qty,
        cclf_field(l.text, s.fields, 'CLM_LINE_CVRD_PD_AMT') AS clm_line_cvrd_pd_amt
    FROM cclf_line AS l
    CROSS JOIN cclf_layout_stage AS s
)
SELECT
    line_no,
    text AS raw,
    length(text) AS line_length,
    cur_clm_uniq_id || '#' || clm_line_num AS record_id,
    cur_clm_uniq_id,
    try_cast(clm_line_num AS INTEGER) AS clm_line_num,
    bene_mbi_id,
    clm_type_cd,
    cclf_date(clm_line_from_dt) AS clm_line_from_dt,
    cclf_date(clm_line_thru_dt) AS clm_line_thru_dt,
    clm_line_prod_rev_ctr_cd,
    clm_line_hcpcs_cd,
    try_cast(clm_line_srvc_unit_qty AS DOUBLE) AS clm_line_srvc_unit_qty,
    cclf_amount(clm_line_cvrd_pd_amt) AS clm_line_cvrd_pd_amt,
    concat_ws(
        ', ',
        CASE WHEN cur_clm_uniq_id IS NULL THEN 'CUR_CLM_UNIQ_ID' END,
        CASE WHEN clm_line_num IS NULL THEN 'CLM_LINE_NUM' END,
        CASE WHEN bene_mbi_id IS NULL THEN 'BENE_MBI_ID' END,
        CASE WHEN clm_type_cd IS NULL THEN 'CLM_TYPE_CD' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(clm_line_from_dt) THEN 'CLM_LINE_FROM_DT' END,
        CASE WHEN cclf_bad_date(clm_line_thru_dt) THEN 'CLM_LINE_THRU_DT' END
    ) AS bad_dates,
    concat_ws(
        ', ',
        CASE WHEN try_cast(clm_line_num AS INTEGER) IS NULL AND clm_line_num IS NOT NULL THEN 'CLM_LINE_NUM' END,
        CASE WHEN cclf_bad_number(clm_line_srvc_unit_qty) THEN 'CLM_LINE_SRVC_UNIT_QTY' END,
        CASE WHEN cclf_bad_number(clm_line_cvrd_pd_amt) THEN 'CLM_LINE_CVRD_PD_AMT' END
    ) AS bad_numbers
FROM field;
