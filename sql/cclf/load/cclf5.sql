-- CCLF5 (Part B physician line): the checks check.sql applies, and the typed columns of cclf_part_b_line.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('CUR_CLM_UNIQ_ID', 'required'),
    ('CLM_LINE_NUM', 'required'), ('CLM_LINE_NUM', 'integer'),
    ('BENE_MBI_ID', 'required'),
    ('CLM_TYPE_CD', 'required'),
    ('CLM_FROM_DT', 'required'), ('CLM_FROM_DT', 'date'),
    ('CLM_THRU_DT', 'required'), ('CLM_THRU_DT', 'date'),
    ('CLM_LINE_FROM_DT', 'required'), ('CLM_LINE_FROM_DT', 'date'),
    ('CLM_LINE_THRU_DT', 'date'),
    ('CLM_LINE_CVRD_PD_AMT', 'required'), ('CLM_LINE_CVRD_PD_AMT', 'number'),
    ('CLM_ADJSMT_TYPE_CD', 'required'),
    ('CLM_EFCTV_DT', 'date'),
    ('CLM_IDR_LD_DT', 'date'),
    ('CLM_LINE_ALOWD_CHRG_AMT', 'number'),
    ('CLM_LINE_SRVC_UNIT_QTY', 'number');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
    cur_clm_uniq_id || '#' || clm_line_num AS record_id,
    cur_clm_uniq_id,
    try_cast(clm_line_num AS INTEGER) AS clm_line_num,
    bene_mbi_id,
    clm_type_cd,
    cclf_date(clm_from_dt) AS clm_from_dt,
    cclf_date(clm_thru_dt) AS clm_thru_dt,
    clm_prvdr_spclty_cd,
    clm_pos_cd,
    cclf_date(clm_line_from_dt) AS clm_line_from_dt,
    cclf_date(clm_line_thru_dt) AS clm_line_thru_dt,
    clm_line_hcpcs_cd,
    cclf_amount(clm_line_cvrd_pd_amt) AS clm_line_cvrd_pd_amt,
    cclf_amount(clm_line_alowd_chrg_amt) AS clm_line_alowd_chrg_amt,
    try_cast(clm_line_srvc_unit_qty AS DOUBLE) AS clm_line_srvc_unit_qty,
    clm_rndrg_prvdr_tax_num,
    rndrg_prvdr_npi_num,
    clm_carr_pmt_dnl_cd,
    clm_adjsmt_type_cd,
    cclf_date(clm_efctv_dt) AS clm_efctv_dt,
    cclf_date(clm_idr_ld_dt) AS clm_idr_ld_dt,
    clm_cntl_num,
    -- the line's diagnosis, then the claim's 12 (blanks skipped), dots removed
    list_transform(
        list_filter(
            [clm_line_dgns_cd, clm_dgns_1_cd, clm_dgns_2_cd, clm_dgns_3_cd, clm_dgns_4_cd, clm_dgns_5_cd, clm_dgns_6_cd,
             clm_dgns_7_cd, clm_dgns_8_cd, clm_dgns_9_cd, clm_dgns_10_cd, clm_dgns_11_cd, clm_dgns_12_cd],
            d -> d IS NOT NULL
        ),
        d -> upper(replace(d, '.', ''))
    ) AS dgns_cds
FROM cclf_cut;
