-- CCLF2 (Part A revenue center line): the checks check.sql applies, and the typed columns of cclf_revenue_line.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('CUR_CLM_UNIQ_ID', 'required'),
    ('CLM_LINE_NUM', 'required'), ('CLM_LINE_NUM', 'integer'),
    ('BENE_MBI_ID', 'required'),
    ('CLM_TYPE_CD', 'required'),
    ('CLM_LINE_FROM_DT', 'date'),
    ('CLM_LINE_THRU_DT', 'date'),
    ('CLM_LINE_SRVC_UNIT_QTY', 'number'),
    ('CLM_LINE_CVRD_PD_AMT', 'number');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
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
    cclf_amount(clm_line_cvrd_pd_amt) AS clm_line_cvrd_pd_amt
FROM cclf_cut;
