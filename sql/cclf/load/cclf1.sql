-- CCLF1 (Part A claim header): the checks check.sql applies, and the typed columns of cclf_part_a_claim.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('CUR_CLM_UNIQ_ID', 'required'),
    ('BENE_MBI_ID', 'required'),
    ('CLM_TYPE_CD', 'required'),
    ('CLM_FROM_DT', 'required'), ('CLM_FROM_DT', 'date'),
    ('CLM_THRU_DT', 'required'), ('CLM_THRU_DT', 'date'),
    ('CLM_PMT_AMT', 'required'), ('CLM_PMT_AMT', 'number'),
    ('CLM_ADJSMT_TYPE_CD', 'required'),
    ('CLM_EFCTV_DT', 'date'),
    ('CLM_IDR_LD_DT', 'date'),
    ('CLM_OPRTNL_IME_AMT', 'number'),
    ('CLM_OPRTNL_DSPRPRTNT_AMT', 'number'),
    ('CLM_HIPPS_UNCOMPD_CARE_AMT', 'number');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
    cur_clm_uniq_id AS record_id,
    cur_clm_uniq_id,
    prvdr_oscar_num,
    bene_mbi_id,
    clm_type_cd,
    cclf_date(clm_from_dt) AS clm_from_dt,
    cclf_date(clm_thru_dt) AS clm_thru_dt,
    clm_bill_fac_type_cd,
    clm_bill_clsfctn_cd,
    prncpl_dgns_cd,
    cclf_amount(clm_pmt_amt) AS clm_pmt_amt,
    dgns_drg_cd,
    atndg_prvdr_npi_num,
    clm_adjsmt_type_cd,
    cclf_date(clm_efctv_dt) AS clm_efctv_dt,
    cclf_date(clm_idr_ld_dt) AS clm_idr_ld_dt,
    cclf_amount(clm_oprtnl_ime_amt) AS clm_oprtnl_ime_amt,
    cclf_amount(clm_oprtnl_dsprprtnt_amt) AS clm_oprtnl_dsprprtnt_amt,
    cclf_amount(clm_hipps_uncompd_care_amt) AS clm_hipps_uncompd_care_amt,
    clm_blg_prvdr_npi_num,
    clm_cntl_num,
    clm_org_cntl_num
FROM cclf_cut;
