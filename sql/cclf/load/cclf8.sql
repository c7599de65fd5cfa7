-- CCLF8 (beneficiary demographics) lines -> typed columns of cclf_beneficiary and the checks store.sql reads.
-- Grain: one row per line of the file (cclf_line). No parameters; the layout is cclf_layout_stage (layout.sql).
CREATE OR REPLACE TEMP TABLE cclf_parsed AS
WITH field AS (
    SELECT
        l.line_no,
        l.text,
        cclf_field(l.text, s.fields, 'BENE_MBI_ID') AS bene_mbi_id,
        cclf_field(l.text, s.fields, 'BENE_FIPS_STATE_CD') AS bene_fips_state_cd,
        cclf_field(l.text, s.fields, 'BENE_FIPS_CNTY_CD') AS bene_fips_cnty_cd,
        cclf_field(l.text, s.fields, 'BENE_ZIP_CD') AS bene_zip_cd,
        cclf_field(l.text, s.fields, 'BENE_DOB') AS bene_dob,
        cclf_field(l.text, s.fields, 'BENE_SEX_CD') AS bene_sex_cd,
        cclf_field(l.text, s.fields, 'BENE_RACE_CD') AS bene_race_cd,
        cclf_field(l.text, s.fields, 'BENE_MDCR_STUS_CD') AS bene_mdcr_stus_cd,
        cclf_field(l.text, s.fields, 'BENE_DUAL_STUS_CD') AS bene_dual_stus_cd,
        cclf_field(l.text, s.fields, 'BENE_DEATH_DT') AS bene_death_dt,
        cclf_field(l.text, s.fields, 'BENE_RNG_BGN_DT') AS bene_rng_bgn_dt,
        cclf_field(l.text, s.fields, 'BENE_RNG_END_DT') AS bene_rng_end_dt,
        cclf_field(l.text, s.fields, 'BENE_1ST_NAME') AS bene_1st_name,
        cclf_field(l.text, s.fields, 'BENE_LAST_NAME') AS bene_last_name,
        cclf_field(l.text, s.fields, 'BENE_ORGNL_ENTLMT_RSN_CD') AS bene_orgnl_entlmt_rsn_cd,
        cclf_field(l.text, s.fields, 'BENE_ENTLMT_BUYIN_IND') AS bene_entlmt_buyin_ind,
        cclf_field(l.text, s.fields, 'BENE_PART_A_ENRLMT_BGN_DT') AS bene_part_a_enrlmt_bgn_dt,
        cclf_field(l.text, s.fields, 'BENE_PART_B_ENRLMT_BGN_DT') AS bene_part_b_enrlmt_bgn_dt
    FROM cclf_line AS l
    CROSS JOIN cclf_layout_stage AS s
)
SELECT
    line_no,
    text AS raw,
    length(text) AS line_length,
    bene_mbi_id AS record_id,
    bene_mbi_id,
    bene_fips_state_cd,
    bene_fips_cnty_cd,
    bene_zip_cd,
    cclf_date(bene_dob) AS bene_dob,
    bene_sex_cd,
    bene_race_cd,
    bene_mdcr_stus_cd,
    bene_dual_stus_cd,
    cclf_date(bene_death_dt) AS bene_death_dt,
    cclf_date(bene_rng_bgn_dt) AS bene_rng_bgn_dt,
    cclf_date(bene_rng_end_dt) AS bene_rng_end_dt,
    bene_1st_name,
    bene_last_name,
    bene_orgnl_entlmt_rsn_cd,
    bene_entlmt_buyin_ind,
    cclf_date(bene_part_a_enrlmt_bgn_dt) AS bene_part_a_enrlmt_bgn_dt,
    cclf_date(bene_part_b_enrlmt_bgn_dt) AS bene_part_b_enrlmt_bgn_dt,
    concat_ws(
        ', ',
        CASE WHEN bene_mbi_id IS NULL THEN 'BENE_MBI_ID' END,
        CASE WHEN bene_dob IS NULL THEN 'BENE_DOB' END
    ) AS missing,
    concat_ws(
        ', ',
        CASE WHEN cclf_bad_date(bene_dob) THEN 'BENE_DOB' END,
        CASE WHEN cclf_bad_date(bene_death_dt) THEN 'BENE_DEATH_DT' END,
        CASE WHEN cclf_bad_date(bene_rng_bgn_dt) THEN 'BENE_RNG_BGN_DT' END,
        CASE WHEN cclf_bad_date(bene_rng_end_dt) THEN 'BENE_RNG_END_DT' END,
        CASE WHEN cclf_bad_date(bene_part_a_enrlmt_bgn_dt) THEN 'BENE_PART_A_ENRLMT_BGN_DT' END,
        CASE WHEN cclf_bad_date(bene_part_b_enrlmt_bgn_dt) THEN 'BENE_PART_B_ENRLMT_BGN_DT' END
    ) AS bad_dates,
    '' AS bad_numbers
FROM field;
