-- The ACO's assigned beneficiaries for one performance year, from the CCLF final-action claims, with each one's
-- enrollment type, person-years, expenditures and CMS-HCC risk score: replaces aco_beneficiary's rows of the year
-- (the caller deletes them first, in the same transaction).
-- Grain: one row per assigned beneficiary (current MBI).
-- Parameters: $performance_year (INTEGER); $window_start, $window_end (DATE: the assignment and expenditure
--   window, the performance year); $diagnosis_start, $diagnosis_end (DATE: the diagnoses the risk score reads);
--   $model_year (INTEGER: payment year of the CMS-HCC tables), $model_version ('V28').
--
-- Assignment, 42 CFR 425.402(b) (PY2019 on; eCFR text MichalOpoka/ecfr section-425.402.md @ ddf60411):
--   units compared: the ACO (every participant TIN: member practices' TINs) against each other billing TIN;
--   primary care services: Part B lines whose HCPCS is on the list of 425.400(c) in force on the date of service
--   (primary_care_service_code, a versioned table), not at an excluded place of service, not denied;
--   the rendering specialty (CLM_PRVDR_SPCLTY_CD) decides the professional's role (primary_care_specialty);
--   (b)(1) the beneficiary had at least one such service by a physician of the ACO who is a primary care
--          physician or has a (c) specialty;
--   (b)(3) step 1, when any primary care service came from a primary care physician, NP, PA or CNS (any TIN):
--          assigned when the ACO's allowed charges for those professionals' services exceed every other unit's;
--   (b)(4) step 2, otherwise: the same plurality over the (c) specialists' services.
--   Ties: the unit with the most recent such service (CMS assignment specification), then the unit id.
--   Eligibility (425.401(a)): Part A and Part B enrollment in at least one month of the window, alive then;
--   months before both Parts began or after death do not count (eligible_months; person_years = months / 12).
-- Enrollment type (425.601(a)(2)): ESRD (Medicare status 11, 21, 31), disabled (20), aged/dual (any Medicaid
--   dual status), aged/non-dual.
-- Expenditures (425.601(a)(1)(i)): Part A claim payments (through date in the window) less operating IME, DSH and
--   uncompensated care payments, plus Part B line payments (line date in the window); final action only.
-- Risk score: CMS-HCC community model of $model_version: ICD-10-CM codes of the window's Part A diagnoses (CCLF4)
--   and Part B line diagnoses -> HCCs, hierarchies applied, then the segment's factors for the age/sex cell (age
--   on February 1 of the payment year), originally disabled (aged, original entitlement by disability), each
--   HCC, the interactions and the payment HCC count (D1..D10P). Segment by dual status (full 02/04/08, partial
--   01/03/05/06) and aged (65+) or disabled. Not modelled: the ESRD and institutional models and new-enrollee
--   factors (every beneficiary is scored with the community segments).
INSERT INTO aco_beneficiary BY NAME
WITH participant_tin AS (
    SELECT
        replace(tin, '-', '') AS tin,
        min(practice_id) AS practice_id
    FROM practice
    WHERE tin IS NOT NULL
      AND coalesce(source_format, '') <> 'cclf'
    GROUP BY replace(tin, '-', '')
),
enrolled AS (
    SELECT
        mbi,
        bene_dob,
        bene_sex_cd,
        bene_mdcr_stus_cd,
        bene_dual_stus_cd,
        bene_orgnl_entlmt_rsn_cd,
        greatest($window_start::DATE, date_trunc('month', greatest(bene_part_a_enrlmt_bgn_dt, bene_part_b_enrlmt_bgn_dt))::DATE)
            AS eligible_from,
        least($window_end::DATE, coalesce(bene_death_dt, $window_end::DATE)) AS eligible_to
    FROM cclf_beneficiary_current
    WHERE bene_part_a_enrlmt_bgn_dt IS NOT NULL
      AND bene_part_b_enrlmt_bgn_dt IS NOT NULL
),
eligible AS (
    SELECT
        *,
        date_diff('month', date_trunc('month', eligible_from), date_trunc('month', eligible_to)) + 1 AS eligible_months
    FROM enrolled
    WHERE eligible_from <= eligible_to
),
service AS (
    SELECT
        b.mbi,
        b.clm_line_from_dt AS service_date,
        coalesce(b.clm_line_alowd_chrg_amt, 0) AS allowed,
        s.assignment_step,
        s.assignment_role,
        t.practice_id,
        CASE WHEN t.practice_id IS NOT NULL THEN 'aco' ELSE 'tin:' || coalesce(b.clm_rndrg_prvdr_tax_num, '') END AS unit
    FROM cclf_part_b_final AS b
    JOIN primary_care_specialty AS s
        ON s.specialty_code = lpad(b.clm_prvdr_spclty_cd, 2, '0')
    LEFT JOIN participant_tin AS t
        ON t.tin = b.clm_rndrg_prvdr_tax_num
    WHERE b.clm_line_from_dt BETWEEN $window_start::DATE AND $window_end::DATE
      AND coalesce(b.clm_carr_pmt_dnl_cd, '') <> '0'
      AND EXISTS (
          SELECT 1
          FROM primary_care_service_code AS pc
          WHERE pc.code = b.clm_line_hcpcs_cd
            AND pc.code_type IN ('CPT', 'HCPCS')
            AND pc.cfr_paragraph IS NOT NULL
            AND pc.valid_from <= b.clm_line_from_dt
            AND (pc.valid_to IS NULL OR pc.valid_to >= b.clm_line_from_dt)
            AND (pc.excluded_place_of_service IS NULL OR b.clm_pos_cd IS DISTINCT FROM pc.excluded_place_of_service)
      )
),
bene_step AS (                                        -- (b)(1), then step 1 or step 2
    SELECT
        mbi,
        CASE WHEN bool_or(assignment_step = 1) THEN 1 ELSE 2 END AS step
    FROM service
    GROUP BY mbi
    HAVING bool_or(unit = 'aco' AND assignment_role IN ('primary_care_physician', 'step2_specialist'))
),
plurality AS (
    SELECT
        s.mbi,
        b.step,
        s.unit,
        sum(s.allowed) AS allowed
    FROM service AS s
    JOIN bene_step AS b
        ON b.mbi = s.mbi
        AND b.step = s.assignment_step
    GROUP BY s.mbi, b.step, s.unit
    QUALIFY row_number() OVER (PARTITION BY s.mbi ORDER BY sum(s.allowed) DESC, max(s.service_date) DESC, s.unit) = 1
),
assigned AS (
    SELECT
        p.mbi,
        p.step,
        p.allowed AS aco_allowed,
        e.* EXCLUDE (mbi)
    FROM plurality AS p
    JOIN eligible AS e
        ON e.mbi = p.mbi
    WHERE p.unit = 'aco'
),
participant AS (                                      -- the member practice with the most of the step's charges
    SELECT
        s.mbi,
        s.practice_id
    FROM service AS s
    JOIN assigned AS a
        ON a.mbi = s.mbi
        AND a.step = s.assignment_step
    WHERE s.unit = 'aco'
    GROUP BY s.mbi, s.practice_id
    QUALIFY row_number() OVER (PARTITION BY s.mbi ORDER BY sum(s.allowed) DESC, max(s.service_date) DESC, s.practice_id) = 1
),
part_a AS (
    SELECT
        mbi,
        sum(clm_pmt_amt - coalesce(clm_oprtnl_ime_amt, 0) - coalesce(clm_oprtnl_dsprprtnt_amt, 0) - coalesce(clm_hipps_uncompd_care_amt, 0))
            AS paid
    FROM cclf_part_a_final
    WHERE clm_thru_dt BETWEEN $window_start::DATE AND $window_end::DATE
    GROUP BY mbi
),
part_b AS (
    SELECT
        mbi,
        sum(clm_line_cvrd_pd_amt) AS paid
    FROM cclf_part_b_final
    WHERE clm_line_from_dt BETWEEN $window_start::DATE AND $window_end::DATE
    GROUP BY mbi
),
person AS (
    SELECT
        a.*,
        year(make_date($model_year::INTEGER, 2, 1)) - year(a.bene_dob) - (strftime(a.bene_dob, '%m%d') > '0201')::INTEGER AS age,
        CASE
            WHEN a.bene_mdcr_stus_cd IN ('11', '21', '31') THEN 'esrd'
            WHEN a.bene_mdcr_stus_cd = '20' THEN 'disabled'
            WHEN a.bene_dual_stus_cd IN ('01', '02', '03', '04', '05', '06', '08') THEN 'aged_dual'
            ELSE 'aged_non_dual'
        END AS enrollment_type,
        CASE
            WHEN a.bene_dual_stus_cd IN ('02', '04', '08') THEN 'F'
            WHEN a.bene_dual_stus_cd IN ('01', '03', '05', '06') THEN 'P'
            ELSE 'N'
        END AS dual_cell,
        CASE WHEN a.bene_sex_cd = '2' THEN 'F' ELSE 'M' END AS sex_cell
    FROM assigned AS a
),
segmented AS (
    SELECT
        *,
        'C' || dual_cell || CASE WHEN age >= 65 THEN 'A' ELSE 'D' END AS segment,
        sex_cell || CASE
            WHEN age >= 95 THEN '95_GT'
            WHEN age >= 90 THEN '90_94'
            WHEN age >= 85 THEN '85_89'
            WHEN age >= 80 THEN '80_84'
            WHEN age >= 75 THEN '75_79'
            WHEN age >= 70 THEN '70_74'
            WHEN age >= 65 THEN '65_69'
            WHEN age >= 60 THEN '60_64'
            WHEN age >= 55 THEN '55_59'
            WHEN age >= 45 THEN '45_54'
            WHEN age >= 35 THEN '35_44'
            ELSE '0_34'
        END AS demographic_variable
    FROM person
),
diagnosis AS (
    SELECT
        a.mbi,
        d.clm_dgns_cd AS icd
    FROM cclf_diagnosis AS d
    JOIN cclf_part_a_final AS a
        ON a.cur_clm_uniq_id = d.cur_clm_uniq_id
    WHERE a.clm_thru_dt BETWEEN $diagnosis_start::DATE AND $diagnosis_end::DATE
    UNION
    SELECT
        mbi,
        unnest(dgns_cds) AS icd
    FROM cclf_part_b_final
    WHERE clm_line_from_dt BETWEEN $diagnosis_start::DATE AND $diagnosis_end::DATE
),
hcc_mapped AS (
    SELECT DISTINCT
        d.mbi,
        m.hcc
    FROM diagnosis AS d
    JOIN hcc_icd_map AS m
        ON m.icd10_code = d.icd
        AND m.payment_year = $model_year::INTEGER
        AND m.model_version = $model_version
    SEMI JOIN assigned AS a
        ON a.mbi = d.mbi
),
hcc AS (                                              -- hierarchies: a parent HCC drops its children
    SELECT
        h.mbi,
        h.hcc
    FROM hcc_mapped AS h
    WHERE NOT EXISTS (
        SELECT 1
        FROM hcc_hierarchy AS y
        JOIN hcc_mapped AS p
            ON p.hcc = y.hcc_parent
        WHERE y.model_version = $model_version
          AND y.hcc_child = h.hcc
          AND p.mbi = h.mbi
    )
),
hcc_group_of AS (
    SELECT DISTINCT
        h.mbi,
        g.group_name
    FROM hcc AS h
    JOIN hcc_group AS g
        ON g.hcc = h.hcc
        AND g.model_version = $model_version
),
variable AS (
    SELECT mbi, demographic_variable AS variable
    FROM segmented
    UNION ALL
    SELECT mbi, CASE WHEN sex_cell = 'F' THEN 'OriginallyDisabled_Female' ELSE 'OriginallyDisabled_Male' END
    FROM segmented
    WHERE age >= 65
      AND bene_orgnl_entlmt_rsn_cd IN ('1', '3')
    UNION ALL
    SELECT mbi, 'HCC' || hcc
    FROM hcc
    UNION ALL
    SELECT g1.mbi, i.variable
    FROM hcc_interaction AS i
    JOIN hcc_group_of AS g1
        ON g1.group_name = i.group_1
    JOIN hcc_group_of AS g2
        ON g2.group_name = i.group_2
        AND g2.mbi = g1.mbi
    WHERE i.model_version = $model_version
    UNION ALL
    SELECT mbi, CASE WHEN count(*) >= 10 THEN 'D10P' ELSE 'D' || count(*) END
    FROM hcc
    GROUP BY mbi
),
score AS (
    SELECT
        v.mbi,
        sum(c.coefficient) AS raw_risk_score
    FROM variable AS v
    JOIN segmented AS s
        ON s.mbi = v.mbi
    JOIN hcc_coefficient AS c
        ON c.segment = s.segment
        AND c.variable = v.variable
        AND c.payment_year = $model_year::INTEGER
        AND c.model_version = $model_version
    GROUP BY v.mbi
),
hcc_list AS (
    SELECT
        mbi,
        list(hcc ORDER BY hcc) AS hccs
    FROM hcc
    GROUP BY mbi
),
linked AS (
    SELECT
        mbi,
        min(patient_id) AS patient_id
    FROM patient
    WHERE mbi IS NOT NULL
    GROUP BY mbi
)
SELECT
    $performance_year::INTEGER AS performance_year,
    s.mbi,
    l.patient_id,
    s.step AS assignment_step,
    p.practice_id,
    s.aco_allowed,
    s.enrollment_type,
    s.eligible_months,
    s.eligible_months / 12.0 AS person_years,
    coalesce(pa.paid, 0) + coalesce(pb.paid, 0) AS expenditure,
    s.segment,
    coalesce(h.hccs, []::INTEGER[]) AS hccs,
    coalesce(sc.raw_risk_score, 0) AS raw_risk_score
FROM segmented AS s
LEFT JOIN participant AS p
    ON p.mbi = s.mbi
LEFT JOIN part_a AS pa
    ON pa.mbi = s.mbi
LEFT JOIN part_b AS pb
    ON pb.mbi = s.mbi
LEFT JOIN score AS sc
    ON sc.mbi = s.mbi
LEFT JOIN hcc_list AS h
    ON h.mbi = s.mbi
LEFT JOIN linked AS l
    ON l.mbi = s.mbi;
