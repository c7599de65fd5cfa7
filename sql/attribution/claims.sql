-- Claims-based attribution (method 'claims'), modelled on the MSSP step-wise assignment of 42 CFR 425.402(b)
-- (performance year 2016 onward; eCFR text in MichalOpoka/ecfr, part-425 .../section-425.402.md @ 1cb82fe0).
-- Grain: one row per patient attributed to a member practice. Parameters: $period_start, $period_end
-- (DATE, inclusive: the assignment window).
-- Primary care services: claim lines whose procedure_code is on the MSSP list of 42 CFR 425.400(c)
-- (primary_care_service_code rows with a CFR paragraph, in force during the window), not at a place of
-- service the list excludes. Allowed charges are summed per billing unit.
-- Billing unit: the member practice whose TIN is the line's billing TIN; a line without a billing TIN belongs to
-- the practice that sent it; any other TIN is a unit outside the network.
-- Rendering professional's step (provider_role by NPI): 1 = primary care physician or non-physician
-- professional (425.20), 2 = a specialty of 425.402(c); lines by other or unknown NPIs are not primary care services.
--   (b)(1) only patients with at least one such service from a physician (primary care or a (c) specialty, not
--          an NP/PA/CNS) of a member practice;
--   (b)(3) step 1: a patient with any step-1 service goes to the unit with the most step-1 allowed charges;
--   (b)(4) step 2: otherwise to the unit with the most allowed charges for step-2 specialists' services.
-- Ties: the unit with the most recent service, then the lowest unit id. A patient whose plurality unit is
-- outside the network is not attributed (as an ACO loses a beneficiary to another ACO or a non-ACO TIN).
-- Provider: at the chosen practice, the rendering NPI with the most allowed charges for that step's services
-- (same ties, then the lowest NPI), as that practice's provider row for the NPI (NULL when it has none).
INSERT INTO patient_attribution BY NAME
WITH npi_step AS (
    SELECT
        npi,
        min(assignment_step) AS assignment_step,
        bool_or(is_physician) AS is_physician
    FROM provider_role
    WHERE npi IS NOT NULL
      AND assignment_step IS NOT NULL
    GROUP BY npi
),
tin_practice AS (
    SELECT
        tin,
        min(practice_id) AS practice_id
    FROM practice
    WHERE tin IS NOT NULL
    GROUP BY tin
),
service_line AS (
    SELECT
        l.patient_id,
        cl.claim_id,
        cl.service_from,
        cl.rendering_npi,
        cl.billing_tin,
        cl.allowed_amount,
        n.assignment_step,
        n.is_physician,
        CASE WHEN cl.billing_tin IS NULL THEN cl.practice_id ELSE tp.practice_id END AS practice_id
    FROM claim_line AS cl
    JOIN patient_record_link AS l
        ON l.patient_record_id = cl.patient_record_id
    JOIN npi_step AS n
        ON n.npi = cl.rendering_npi
    LEFT JOIN tin_practice AS tp
        ON tp.tin = cl.billing_tin
    WHERE cl.service_from BETWEEN $period_start::DATE AND $period_end::DATE
      AND EXISTS (
          SELECT 1
          FROM primary_care_service_code AS pc
          WHERE pc.code = cl.procedure_code
            AND pc.code_type IN ('CPT', 'HCPCS')
            AND pc.cfr_paragraph IS NOT NULL
            AND pc.valid_from <= $period_end::DATE
            AND (pc.valid_to IS NULL OR pc.valid_to >= $period_start::DATE)
            AND (pc.excluded_place_of_service IS NULL OR cl.place_of_service IS DISTINCT FROM pc.excluded_place_of_service)
      )
),
service AS (
    SELECT
        *,
        coalesce(practice_id, 'tin:' || billing_tin) AS billing_unit
    FROM service_line
),
patient_step AS (                                    -- (b)(1) eligibility, then step 1 when any step-1 service exists
    SELECT
        patient_id,
        min(assignment_step) AS step
    FROM service
    GROUP BY patient_id
    HAVING bool_or(practice_id IS NOT NULL AND is_physician)
),
unit_pick AS (
    SELECT
        s.patient_id,
        ps.step,
        s.billing_unit,
        any_value(s.practice_id) AS practice_id,
        sum(s.allowed_amount) AS allowed_amount,
        count(DISTINCT s.claim_id) AS claims,
        max(s.service_from) AS last_service
    FROM service AS s
    JOIN patient_step AS ps
        ON ps.patient_id = s.patient_id
        AND ps.step = s.assignment_step
    GROUP BY s.patient_id, ps.step, s.billing_unit
    QUALIFY row_number() OVER (
        PARTITION BY s.patient_id
        ORDER BY sum(s.allowed_amount) DESC NULLS LAST, max(s.service_from) DESC, s.billing_unit
    ) = 1
),
npi_pick AS (
    SELECT
        s.patient_id,
        s.rendering_npi
    FROM service AS s
    JOIN unit_pick AS u
        ON u.patient_id = s.patient_id
        AND u.billing_unit = s.billing_unit
        AND u.step = s.assignment_step
    GROUP BY s.patient_id, s.rendering_npi
    QUALIFY row_number() OVER (
        PARTITION BY s.patient_id
        ORDER BY sum(s.allowed_amount) DESC NULLS LAST, max(s.service_from) DESC, s.rendering_npi
    ) = 1
),
practice_provider AS (
    SELECT
        practice_id,
        npi,
        min(provider_id) AS provider_id
    FROM provider_role
    WHERE npi IS NOT NULL
    GROUP BY practice_id, npi
)
SELECT
    $period_start::DATE AS period_start,
    $period_end::DATE AS period_end,
    'claims' AS method,
    u.patient_id,
    u.practice_id,
    pp.provider_id,
    u.claims AS qualifying_visits,
    u.allowed_amount,
    u.last_service AS last_visit,
    'claims:step' || u.step AS rule
FROM unit_pick AS u
JOIN npi_pick AS n
    ON n.patient_id = u.patient_id
LEFT JOIN practice_provider AS pp
    ON pp.practice_id = u.practice_id
    AND pp.npi = n.rendering_npi
WHERE u.practice_id IS NOT NULL;
