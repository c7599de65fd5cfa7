-- CCLF5 (Part B physician line) lines -> typed columns of cclf_part_b_line and the checks store.sql reads.
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
        cclf_field(l.text, s.fields, 'CLM_FROM_DT') AS clm_from_dt,
        cclf_field(l.text, s.fields, 'CLM_THRU_DT') AS clm_thru_dt,
        cclf_field(l.text, s.fields, 'CLM_PRVDR_SPCLTY_CD') AS clm_prvdr_spclty_cd,
        cclf_field(l.text, s.fields, 'CLM_POS_CD') AS clm_pos_cd,
        cclf_field(l.text, s.fields, 'CLM_LINE_FROM_DT') AS clm_line_from_dt,
        cclf_field(l.text, s.fields, 'CLM_LINE_THRU_DT') AS clm_line_thru_dt,
        cclf_field(l.text, s.fields, 'CLM_LINE_HCPCS_CD') AS clm_line_hcpcs_cd,
        cclf_field(l.text, s.fields, 'CLM_LINE_CVRD_PD_AMT') AS clm_line_cvrd_pd_amt,
        cclf_field(l.text, s.fields, 'CLM_LINE_ALOWD_CHRG_AMT') AS clm_line_alowd_chrg_amt,
        cclf_field(l.text, s.fields, 'CLM_LINE_SRVC_UNIT_QTY') AS clm_line_srvc_unit_qty,
        cclf_field(l.text, s.fields, 'CLM_RNDRG_PRVDR_TAX_NUM') AS clm_rndrg_prvdr_tax_num,
        cclf_field(l.text, s.fields, 'RNDRG_PRVDR_NPI_NUM') AS rndrg_prvdr_npi_num,
        cclf_field(l.text, s.fields, 'CLM_CARR_PMT_DNL_CD') AS clm_carr_pmt_dnl_cd,
        cclf_field(l.text, s.fields, 'CLM_ADJSMT_TYPE_CD') AS clm_adjsmt_type_cd,
        cclf_field(l.text, s.fields, 'CLM_EFCTV_DT') AS clm_efctv_dt,
        cclf_field(l.text, s.fields, 'CLM_IDR_LD_DT') AS clm_idr_ld_dt,
        cclf_field(l.text, s.fields, 'CLM_CNTL_NUM') AS clm_cntl_num,
        -- the line's diagnosis, then the claim's 12 (blanks skipped), dots removed
        upper(replace(concat_ws(
            ',',
            cclf_field(l.text, s.fields, 'CLM_LINE_DGNS_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_1_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_2_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_3_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_4_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_5_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_6_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_7_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_8_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_9_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_10_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_11_CD'),
            cclf_field(l.text, s.fields, 'CLM_DGNS_12_CD')
        ), '.', '')) AS dgns_cds
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
    CASE WHEN dgns_cds = '' THEN []::VARCHAR[] ELSE string_split(dgns_cds, ',') END AS dgns_cds,
    concat_ws(
        ', ',
        CASE WHEN cur_clm_uniq_id IS NULL THEN 'CUR_CLM_UNIQ_ID' END,
        CASE WHEN clm_line_num IS NULL THEN 'CLM_LINE_NUM' END,
        CASE WHEN bene_mbi_id IS NULL THEN 'BENE_MBI_ID' END,
        CASE WHEN clm_type_cd IS NULL THEN 'CLM_TYPE_CD' END,
        CASE WHEN clm_from_dt IS NULL THEN 'CLM_FROM_DT' END,
        CASE WHEN clm_thru_dt IS NULL THEN 'CLM_THRU_DT' END,
        CASE WHEN clm_line_from_dt IS NULL THEN 'CLM_LINE_FROM_DT' END,
        CASE WHEN clm_line_cvrd_pd_amt IS NULL THEN 'CLM_LINE_CVRD_PD_AMT' END,
        CASE WHEN clm_adjsmt_type_cd IS NULL THEN 'CLM_ADJSMT_TYPE_CD' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(clm_from_dt) THEN 'CLM_FROM_DT' END,
        CASE WHEN cclf_bad_date(clm_thru_dt) THEN 'CLM_THRU_DT' END,
        CASE WHEN cclf_bad_date(clm_line_from_dt) THEN 'CLM_LINE_FROM_DT' END,
        CASE WHEN cclf_bad_date(clm_line_thru_dt) THEN 'CLM_LINE_THRU_DT' END,
        CASE WHEN cclf_bad_date(clm_efctv_dt) THEN 'CLM_EFCTV_DT' END,
        CASE WHEN cclf_bad_date(clm_idr_ld_dt) THEN 'CLM_IDR_LD_DT' END
    ) AS bad_dates,
    concat_ws(
        ', ',
        CASE WHEN try_cast(clm_line_num AS INTEGER) IS NULL AND clm_line_num IS NOT NULL THEN 'CLM_LINE_NUM' END,
        CASE WHEN cclf_bad_number(clm_line_cvrd_pd_amt) THEN 'CLM_LINE_CVRD_PD_AMT' END,
        CASE WHEN cclf_bad_number(clm_line_alowd_chrg_amt) THEN 'CLM_LINE_ALOWD_CHRG_AMT' END,
        CASE WHEN cclf_bad_number(clm_line_srvc_unit_qty) THEN 'CLM_LINE_SRVC_UNIT_QTY' END
    ) AS bad_numbers
FROM field;
