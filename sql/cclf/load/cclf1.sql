-- CCLF1 (Part A claim header) lines -> typed columns of cclf_part_a_claim and the checks store.sql reads.
-- Grain: one row per line of the file (cclf_line). No parameters; the layout is cclf_layout_stage (layout.sql).
CREATE OR REPLACE TEMP TABLE cclf_parsed AS
WITH field AS (
    SELECT
        l.line_no,
        l.text,
        cclf_field(l.text, s.fields, 'CUR_CLM_UNIQ_ID') AS cur_clm_uniq_id,
        cclf_field(l.text, s.fields, 'PRVDR_OSCAR_NUM') AS prvdr_oscar_num,
        cclf_field(l.text, s.fields, 'BENE_MBI_ID') AS bene_mbi_id,
        cclf_field(l.text, s.fields, 'CLM_TYPE_CD') AS clm_type_cd,
        cclf_field(l.text, s.fields, 'CLM_FROM_DT') AS clm_from_dt,
        cclf_field(l.text, s.fields, 'CLM_THRU_DT') AS clm_thru_dt,
        cclf_field(l.text, s.fields, 'CLM_BILL_FAC_TYPE_CD') AS clm_bill_fac_type_cd,
        cclf_field(l.text, s.fields, 'CLM_BILL_CLSFCTN_CD') AS clm_bill_clsfctn_cd,
        cclf_field(l.text, s.fields, 'PRNCPL_DGNS_CD') AS prncpl_dgns_cd,
        cclf_field(l.text, s.fields, 'CLM_PMT_AMT') AS clm_pmt_amt,
        cclf_field(l.text, s.fields, 'DGNS_DRG_CD') AS dgns_drg_cd,
        cclf_field(l.text, s.fields, 'ATNDG_PRVDR_NPI_NUM') AS atndg_prvdr_npi_num,
        cclf_field(l.text, s.fields, 'CLM_ADJSMT_TYPE_CD') AS clm_adjsmt_type_cd,
        cclf_field(l.text, s.fields, 'CLM_EFCTV_DT') AS clm_efctv_dt,
        cclf_field(l.text, s.fields, 'CLM_IDR_LD_DT') AS clm_idr_ld_dt,
        cclf_field(l.text, s.fields, 'CLM_OPRTNL_IME_AMT') AS clm_oprtnl_ime_amt,
        cclf_field(l.text, s.fields, 'CLM_OPRTNL_DSPRPRTNT_AMT') AS clm_oprtnl_dsprprtnt_amt,
        cclf_field(l.text, s.fields, 'CLM_HIPPS_UNCOMPD_CARE_AMT') AS clm_hipps_uncompd_care_amt,
        cclf_field(l.text, s.fields, 'CLM_BLG_PRVDR_NPI_NUM') AS clm_blg_prvdr_npi_num,
        cclf_field(l.text, s.fields, 'CLM_CNTL_NUM') AS clm_cntl_num,
        cclf_field(l.text, s.fields, 'CLM_ORG_CNTL_NUM') AS clm_org_cntl_num
    FROM cclf_line AS l
    CROSS JOIN cclf_layout_stage AS s
)
SELECT
    line_no,
    text AS raw,
    length(text) AS line_length,
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
    clm_org_cntl_num,
    concat_ws(
        ', ',
        CASE WHEN cur_clm_uniq_id IS NULL THEN 'CUR_CLM_UNIQ_ID' END,
        CASE WHEN bene_mbi_id IS NULL THEN 'BENE_MBI_ID' END,
        CASE WHEN clm_type_cd IS NULL THEN 'CLM_TYPE_CD' END,
        CASE WHEN clm_from_dt IS NULL THEN 'CLM_FROM_DT' END,
        CASE WHEN clm_thru_dt IS NULL THEN 'CLM_THRU_DT' END,
        CASE WHEN clm_pmt_amt IS NULL THEN 'CLM_PMT_AMT' END,
        CASE WHEN clm_adjsmt_type_cd IS NULL THEN 'CLM_ADJSMT_TYPE_CD' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(clm_from_dt) THEN 'CLM_FROM_DT' END,
        CASE WHEN cclf_bad_date(clm_thru_dt) THEN 'CLM_THRU_DT' END,
        CASE WHEN cclf_bad_date(clm_efctv_dt) THEN 'CLM_EFCTV_DT' END,
        CASE WHEN cclf_bad_date(clm_idr_ld_dt) THEN 'CLM_IDR_LD_DT' END
    ) AS bad_dates,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_number(clm_pmt_amt) THEN 'CLM_PMT_AMT' END,
        CASE WHEN cclf_bad_number(clm_oprtnl_ime_amt) THEN 'CLM_OPRTNL_IME_AMT' END,
        CASE WHEN cclf_bad_number(clm_oprtnl_dsprprtnt_amt) THEN 'CLM_OPRTNL_DSPRPRTNT_AMT' END,
        CASE WHEN cclf_bad_number(clm_hipps_uncompd_care_amt) THEN 'CLM_HIPPS_UNCOMPD_CARE_AMT' END
    ) AS bad_numbers
FROM field;
