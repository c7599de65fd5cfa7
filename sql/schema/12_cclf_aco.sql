-- CMS Claim and Claim Line Feed (CCLF) files as loaded, their final-action views, the CMS-HCC reference tables,
-- and the per-beneficiary ACO planner inputs.
-- Grain: cclf_* = one row per loaded line of one CCLF file (fields named and typed per the CCLF Information
--        Packet v38 layouts in refdata/cclf/cclf_layouts.csv; only the fields Caliper reads are kept, the line
--        number lets any other field be re-read from the file); every row keeps its source_file_id and line_no.
--        hcc_* = CMS-HCC model reference rows (refdata/cms_hcc, sql/aco/*.csv);
--        aco_beneficiary = one beneficiary per performance year with the inputs acoInputs derived for it.
-- Loaded by server/ingest/cclf/ (practice manifest format 'cclf') and server/aco/inputs/.

-- CCLF1: Part A claim headers.
CREATE TABLE IF NOT EXISTS cclf_part_a_claim (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    cur_clm_uniq_id         VARCHAR NOT NULL,      -- one version of a claim
    prvdr_oscar_num         VARCHAR,               -- CCN of the facility
    bene_mbi_id             VARCHAR NOT NULL,
    clm_type_cd             VARCHAR NOT NULL,      -- 10 HHA, 20/30 SNF, 40 outpatient, 50 hospice, 60/61 inpatient
    clm_from_dt             DATE NOT NULL,
    clm_thru_dt             DATE NOT NULL,
    clm_bill_fac_type_cd    VARCHAR,
    clm_bill_clsfctn_cd     VARCHAR,
    prncpl_dgns_cd          VARCHAR,
    clm_pmt_amt             DECIMAL(15, 2) NOT NULL,  -- Medicare payment for the claim
    dgns_drg_cd             VARCHAR,
    atndg_prvdr_npi_num     VARCHAR,
    clm_adjsmt_type_cd      VARCHAR NOT NULL,      -- 0 original, 1 cancellation, 2 adjustment
    clm_efctv_dt            DATE,
    clm_idr_ld_dt           DATE,
    clm_oprtnl_ime_amt      DECIMAL(20, 2),        -- operating IME, excluded from expenditures
    clm_oprtnl_dsprprtnt_amt DECIMAL(20, 2),       -- operating DSH, excluded from expenditures
    clm_hipps_uncompd_care_amt DECIMAL(15, 2),     -- uncompensated care, excluded from expenditures
    clm_blg_prvdr_npi_num   VARCHAR,
    clm_cntl_num            VARCHAR,
    clm_org_cntl_num        VARCHAR                -- control number of the original claim an adjustment/cancellation replaces
);

-- CCLF2: Part A revenue center lines.
CREATE TABLE IF NOT EXISTS cclf_revenue_line (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    cur_clm_uniq_id         VARCHAR NOT NULL,
    clm_line_num            INTEGER NOT NULL,
    bene_mbi_id             VARCHAR NOT NULL,
    clm_type_cd             VARCHAR NOT NULL,
    clm_line_from_dt        DATE,
    clm_line_thru_dt        DATE,
    clm_line_prod_rev_ctr_cd VARCHAR,
    clm_line_hcpcs_cd       VARCHAR,
    clm_line_srvc_unit_qty  DOUBLE,
    clm_line_cvrd_pd_amt    DECIMAL(15, 2)
);

-- CCLF4: Part A diagnosis codes.
CREATE TABLE IF NOT EXISTS cclf_diagnosis (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    cur_clm_uniq_id         VARCHAR NOT NULL,
    bene_mbi_id             VARCHAR NOT NULL,
    clm_type_cd             VARCHAR NOT NULL,
    clm_prod_type_cd        VARCHAR,               -- P principal, A admitting, E external cause, D other
    clm_val_sqnc_num        INTEGER,
    clm_dgns_cd             VARCHAR NOT NULL,      -- ICD-10-CM without the dot
    clm_from_dt             DATE,
    clm_thru_dt             DATE,
    dgns_prcdr_icd_ind      VARCHAR                -- 0 = ICD-10
);

-- CCLF5: Part B physician (carrier) claim lines.
CREATE TABLE IF NOT EXISTS cclf_part_b_line (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    cur_clm_uniq_id         VARCHAR NOT NULL,
    clm_line_num            INTEGER NOT NULL,
    bene_mbi_id             VARCHAR NOT NULL,
    clm_type_cd             VARCHAR NOT NULL,      -- 71 non-DMEPOS, 72 DMEPOS
    clm_from_dt             DATE NOT NULL,
    clm_thru_dt             DATE NOT NULL,
    clm_prvdr_spclty_cd     VARCHAR,               -- CMS specialty of the rendering provider
    clm_pos_cd              VARCHAR,
    clm_line_from_dt        DATE NOT NULL,
    clm_line_thru_dt        DATE,
    clm_line_hcpcs_cd       VARCHAR,
    clm_line_cvrd_pd_amt    DECIMAL(15, 2) NOT NULL,
    clm_line_alowd_chrg_amt DECIMAL(17, 2),
    clm_line_srvc_unit_qty  DOUBLE,
    clm_rndrg_prvdr_tax_num VARCHAR,               -- the billing TIN
    rndrg_prvdr_npi_num     VARCHAR,
    clm_carr_pmt_dnl_cd     VARCHAR,               -- 0 = denied
    clm_adjsmt_type_cd      VARCHAR NOT NULL,
    clm_efctv_dt            DATE,
    clm_idr_ld_dt           DATE,
    clm_cntl_num            VARCHAR,
    dgns_cds                VARCHAR[]              -- CLM_LINE_DGNS_CD then CLM_DGNS_1..12_CD, blanks dropped
);

-- CCLF8: beneficiary demographics (one row per beneficiary per monthly file).
CREATE TABLE IF NOT EXISTS cclf_beneficiary (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    bene_mbi_id             VARCHAR NOT NULL,
    bene_fips_state_cd      VARCHAR,
    bene_fips_cnty_cd       VARCHAR,
    bene_zip_cd             VARCHAR,
    bene_dob                DATE NOT NULL,
    bene_sex_cd             VARCHAR,               -- 1 male, 2 female, 0 unknown
    bene_race_cd            VARCHAR,
    bene_mdcr_stus_cd       VARCHAR,               -- 10/11 aged, 20/21 disabled, 31 ESRD only (x1 = with ESRD)
    bene_dual_stus_cd       VARCHAR,               -- refdata/cclf/dual_status_codes.csv
    bene_death_dt           DATE,
    bene_rng_bgn_dt         DATE,
    bene_rng_end_dt         DATE,
    bene_1st_name           VARCHAR,
    bene_last_name          VARCHAR,
    bene_orgnl_entlmt_rsn_cd VARCHAR,              -- 0 OASI, 1 DIB, 2 ESRD, 3 DIB and ESRD
    bene_entlmt_buyin_ind   VARCHAR,
    bene_part_a_enrlmt_bgn_dt DATE,
    bene_part_b_enrlmt_bgn_dt DATE
);

-- CCLF9: beneficiary identifier crosswalk (a previous MBI or HICN and the current MBI).
CREATE TABLE IF NOT EXISTS cclf_mbi_xref (
    source_file_id          INTEGER NOT NULL,
    line_no                 BIGINT NOT NULL,
    hicn_mbi_xref_ind       VARCHAR,               -- M = MBI, H = HICN
    crnt_num                VARCHAR NOT NULL,
    prvs_num                VARCHAR NOT NULL,
    prvs_id_efctv_dt        DATE,
    prvs_id_obslt_dt        DATE
);

-- Every identifier a beneficiary was sent under, mapped to the current MBI: CCLF9 crosswalk rows followed to the
-- end of their chain (a previous number can itself have been replaced). Identifiers not in CCLF9 map to themselves
-- where they are used (coalesce(m.current_mbi, id)).
CREATE OR REPLACE VIEW cclf_current_mbi AS
WITH RECURSIVE xref AS (
    SELECT DISTINCT
        prvs_num,
        crnt_num
    FROM cclf_mbi_xref
    WHERE prvs_num <> crnt_num
),
chain AS (
    SELECT
        prvs_num AS mbi,
        crnt_num AS current_mbi,
        1 AS hops
    FROM xref
    UNION ALL
    SELECT
        c.mbi,
        x.crnt_num,
        c.hops + 1
    FROM chain AS c
    JOIN xref AS x
        ON x.prvs_num = c.current_mbi
    WHERE c.hops < 10
)
SELECT
    mbi,
    arg_max(current_mbi, hops) AS current_mbi
FROM chain
GROUP BY mbi;

-- Final-action Part A claims (CCLF IP "identifying the final version of a claim"): the versions of one claim share
-- a lineage, the original's control number (an adjustment or cancellation names it in CLM_ORG_CNTL_NUM; without
-- control numbers, the natural key CCN + beneficiary + claim type + dates). The latest version (effective date,
-- then load date, then claim id) stands for the claim; a lineage whose latest version is a cancellation
-- (CLM_ADJSMT_TYPE_CD 1) is dropped whole. The same version sent in two monthly files counts once.
CREATE OR REPLACE VIEW cclf_part_a_final AS
WITH versions AS (
    SELECT
        c.*,
        coalesce(m.current_mbi, c.bene_mbi_id) AS mbi,
        coalesce(
            c.clm_org_cntl_num,
            c.clm_cntl_num,
            concat_ws('|', c.prvdr_oscar_num, coalesce(m.current_mbi, c.bene_mbi_id), c.clm_type_cd, c.clm_from_dt, c.clm_thru_dt)
        ) AS lineage
    FROM cclf_part_a_claim AS c
    LEFT JOIN cclf_current_mbi AS m
        ON m.mbi = c.bene_mbi_id
),
latest AS (
    SELECT *
    FROM versions
    QUALIFY row_number() OVER (
        PARTITION BY lineage
        ORDER BY clm_efctv_dt DESC NULLS LAST, clm_idr_ld_dt DESC NULLS LAST, cur_clm_uniq_id DESC, source_file_id DESC
    ) = 1
)
SELECT * EXCLUDE (bene_mbi_id)
FROM latest
WHERE clm_adjsmt_type_cd <> '1';

-- Final-action Part B lines: CCLF5 has no original control number, so a line's versions share its claim control
-- number and line number (without a control number: the claim id); latest version wins, cancellations dropped,
-- as for Part A.
CREATE OR REPLACE VIEW cclf_part_b_final AS
WITH versions AS (
    SELECT
        l.*,
        coalesce(m.current_mbi, l.bene_mbi_id) AS mbi,
        coalesce(l.clm_cntl_num, l.cur_clm_uniq_id) || '#' || l.clm_line_num AS lineage
    FROM cclf_part_b_line AS l
    LEFT JOIN cclf_current_mbi AS m
        ON m.mbi = l.bene_mbi_id
),
latest AS (
    SELECT *
    FROM versions
    QUALIFY row_number() OVER (
        PARTITION BY lineage
        ORDER BY clm_efctv_dt DESC NULLS LAST, clm_idr_ld_dt DESC NULLS LAST, cur_clm_uniq_id DESC, source_file_id DESC
    ) = 1
)
SELECT * EXCLUDE (bene_mbi_id)
FROM latest
WHERE clm_adjsmt_type_cd <> '1';

-- The latest demographics of each beneficiary (current MBI): the row of the most recently loaded CCLF8 file.
CREATE OR REPLACE VIEW cclf_beneficiary_current AS
SELECT
    coalesce(m.current_mbi, b.bene_mbi_id) AS mbi,
    b.* EXCLUDE (bene_mbi_id)
FROM cclf_beneficiary AS b
LEFT JOIN cclf_current_mbi AS m
    ON m.mbi = b.bene_mbi_id
QUALIFY row_number() OVER (
    PARTITION BY coalesce(m.current_mbi, b.bene_mbi_id)
    ORDER BY b.source_file_id DESC, b.line_no DESC
) = 1;

-- CMS-HCC: ICD-10-CM -> HCC by payment year and model version (refdata/cms_hcc/icd10_to_hcc_*.csv).
CREATE TABLE IF NOT EXISTS hcc_icd_map (
    payment_year            INTEGER NOT NULL,
    model_version           VARCHAR NOT NULL,      -- V24 | V28
    icd10_code              VARCHAR NOT NULL,      -- without the dot
    hcc                     INTEGER NOT NULL,
    source                  VARCHAR NOT NULL
);

-- CMS-HCC hierarchies: a beneficiary with hcc_parent does not get hcc_child (tables V28115H1 / V24H86H1).
CREATE TABLE IF NOT EXISTS hcc_hierarchy (
    model_version           VARCHAR NOT NULL,
    hcc_parent              INTEGER NOT NULL,
    hcc_child               INTEGER NOT NULL,
    source                  VARCHAR NOT NULL
);

-- CMS-HCC relative factors by payment year, model version and segment (CNA, CND, CFA, CFD, CPA, CPD, INS, NE, SNPNE).
CREATE TABLE IF NOT EXISTS hcc_coefficient (
    payment_year            INTEGER NOT NULL,
    model_version           VARCHAR NOT NULL,
    segment                 VARCHAR NOT NULL,
    variable                VARCHAR NOT NULL,      -- F65_69, HCC37, DIABETES_HF_V28, D3, OriginallyDisabled_Female, ...
    coefficient             DOUBLE NOT NULL,
    source                  VARCHAR NOT NULL
);

-- The HCC groups the model's interaction terms read (e.g. HF_V28 = HCC 221-226), and each interaction as the pair
-- of groups a beneficiary must have both of (sql/aco/hcc_groups.csv, sql/aco/hcc_interactions.csv).
CREATE TABLE IF NOT EXISTS hcc_group (
    model_version           VARCHAR NOT NULL,
    group_name              VARCHAR NOT NULL,
    hcc                     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS hcc_interaction (
    model_version           VARCHAR NOT NULL,
    variable                VARCHAR NOT NULL,
    group_1                 VARCHAR NOT NULL,
    group_2                 VARCHAR NOT NULL
);

-- One beneficiary per performance year as the ACO planner derived it from CCLF (server/aco/inputs/): assignment,
-- enrollment type, person-years, expenditures and risk score. Replaced per performance year on each computation.
CREATE TABLE IF NOT EXISTS aco_beneficiary (
    performance_year        INTEGER NOT NULL,
    mbi                     VARCHAR NOT NULL,      -- current MBI
    patient_id              VARCHAR,               -- enterprise patient with this MBI, when linked
    assignment_step         INTEGER NOT NULL,      -- 1 | 2 (42 CFR 425.402(b)(3) / (b)(4))
    practice_id             VARCHAR,               -- ACO participant (member practice) with the most allowed charges of that step
    aco_allowed             DECIMAL(18, 2) NOT NULL,  -- allowed charges for the step's primary care services at ACO participants
    enrollment_type         VARCHAR NOT NULL,      -- esrd | disabled | aged_dual | aged_non_dual
    eligible_months         INTEGER NOT NULL,
    person_years            DOUBLE NOT NULL,
    expenditure             DECIMAL(18, 2) NOT NULL,  -- Parts A and B payments in the year, IME/DSH/uncompensated care excluded, untruncated
    segment                 VARCHAR NOT NULL,      -- CMS-HCC segment the score used
    hccs                    INTEGER[] NOT NULL,    -- payment HCCs after hierarchies
    raw_risk_score          DOUBLE NOT NULL,       -- before normalization and coding adjustment
    computed_at             TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (performance_year, mbi)
);
