-- CCLF4 (Part A diagnosis code): the checks check.sql applies, and the typed columns of cclf_diagnosis.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('CUR_CLM_UNIQ_ID', 'required'),
    ('BENE_MBI_ID', 'required'),
    ('CLM_TYPE_CD', 'required'),
    ('CLM_VAL_SQNC_NUM', 'number'),
    ('CLM_DGNS_CD', 'required'),
    ('CLM_FROM_DT', 'date'),
    ('CLM_THRU_DT', 'date');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
    cur_clm_uniq_id AS record_id,
    cur_clm_uniq_id,
    bene_mbi_id,
    clm_type_cd,
    clm_prod_type_cd,
    try_cast(clm_val_sqnc_num AS INTEGER) AS clm_val_sqnc_num,
    upper(replace(clm_dgns_cd, '.', '')) AS clm_dgns_cd,
    cclf_date(clm_from_dt) AS clm_from_dt,
    cclf_date(clm_thru_dt) AS clm_thru_dt,
    dgns_prcdr_icd_ind
FROM cclf_cut;
