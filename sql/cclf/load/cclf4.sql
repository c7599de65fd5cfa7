-- CCLF4 (Part A diagnosis code) lines -> typed columns of cclf_diagnosis and the checks store.sql reads.
-- Grain: one row per line of the file (cclf_line). No parameters; the layout is cclf_layout_stage (layout.sql).
CREATE OR REPLACE TEMP TABLE cclf_parsed AS
WITH field AS (
    SELECT
        l.line_no,
        l.text,
        cclf_field(l.text, s.fields, 'CUR_CLM_UNIQ_ID') AS cur_clm_uniq_id,
        cclf_field(l.text, s.fields, 'BENE_MBI_ID') AS bene_mbi_id,
        cclf_field(l.text, s.fields, 'CLM_TYPE_CD') AS clm_type_cd,
        cclf_field(l.text, s.fields, 'CLM_PROD_TYPE_CD') AS clm_prod_type_cd,
        cclf_field(l.text, s.fields, 'CLM_VAL_SQNC_NUM') AS clm_val_sqnc_num,
        cclf_field(l.text, s.fields, 'CLM_DGNS_CD') AS clm_dgns_cd,
        cclf_field(l.text, s.fields, 'CLM_FROM_DT') AS clm_from_dt,
        cclf_field(l.text, s.fields, 'CLM_THRU_DT') AS clm_thru_dt,
        cclf_field(l.text, s.fields, 'DGNS_PRCDR_ICD_IND') AS dgns_prcdr_icd_ind
    FROM cclf_line AS l
    CROSS JOIN cclf_layout_stage AS s
)
SELECT
    line_no,
    text AS raw,
    length(text) AS line_length,
    cur_clm_uniq_id AS record_id,
    cur_clm_uniq_id,
    bene_mbi_id,
    clm_type_cd,
    clm_prod_type_cd,
    try_cast(clm_val_sqnc_num AS INTEGER) AS clm_val_sqnc_num,
    upper(replace(clm_dgns_cd, '.', '')) AS clm_dgns_cd,
    cclf_date(clm_from_dt) AS clm_from_dt,
    cclf_date(clm_thru_dt) AS clm_thru_dt,
    dgns_prcdr_icd_ind,
    concat_ws(
        ', ',
        CASE WHEN cur_clm_uniq_id IS NULL THEN 'CUR_CLM_UNIQ_ID' END,
        CASE WHEN bene_mbi_id IS NULL THEN 'BENE_MBI_ID' END,
        CASE WHEN clm_type_cd IS NULL THEN 'CLM_TYPE_CD' END,
        CASE WHEN clm_dgns_cd IS NULL THEN 'CLM_DGNS_CD' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(clm_from_dt) THEN 'CLM_FROM_DT' END,
        CASE WHEN cclf_bad_date(clm_thru_dt) THEN 'CLM_THRU_DT' END
    ) AS bad_dates,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_number(clm_val_sqnc_num) THEN 'CLM_VAL_SQNC_NUM' END
    ) AS bad_numbers
FROM field;
