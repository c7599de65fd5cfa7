-- CCLF8 (beneficiary demographics): the checks check.sql applies, and the typed columns of cclf_beneficiary.
-- Grain: one row per line of the file (cclf_cut, cut.sql). No parameters.
CREATE OR REPLACE TEMP TABLE cclf_check (field_name, check_kind) AS
VALUES
    ('BENE_MBI_ID', 'required'),
    ('BENE_DOB', 'required'), ('BENE_DOB', 'date'),
    ('BENE_DEATH_DT', 'date'),
    ('BENE_RNG_BGN_DT', 'date'),
    ('BENE_RNG_END_DT', 'date'),
    ('BENE_PART_A_ENRLMT_BGN_DT', 'date'),
    ('BENE_PART_B_ENRLMT_BGN_DT', 'date');

CREATE OR REPLACE TEMP TABLE cclf_parsed AS
SELECT
    line_no,
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
    cclf_date(bene_part_b_enrlmt_bgn_dt) AS bene_part_b_enrlmt_bgn_dt
FROM cclf_cut;
