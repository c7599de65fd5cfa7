-- Visit-based attribution (method 'visits'): each enterprise patient to one practice and one provider.
-- Grain: one row per patient with a qualifying visit in the period or, failing that, in the 12 months before it.
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- A qualifying visit is an encounter that is finished (or has no status), carries a CPT/HCPCS primary-care
-- service code in force during the window (primary_care_service_code), and was rendered by a primary-care
-- provider (provider_role step 1) or names no provider, in which case it counts for its practice only.
-- Encounters naming a provider that is not a known primary-care provider do not count.
-- Look-back: 12 months, the length of an MSSP assignment window (42 CFR 425.400(a)); a patient seen only
-- longer ago is no longer taken to be in a practice's care.
-- Practice: plurality of visits; ties go to the practice with the most recent visit, then the lowest practice_id.
-- Provider: plurality of that practice's visits that name a provider; same tie rule (then the lowest provider_id).
INSERT INTO patient_attribution BY NAME
WITH assessment_window AS (
    SELECT
        'period' AS window_name,
        $period_start::DATE AS window_start,
        $period_end::DATE AS window_end
    UNION ALL
    SELECT
        'lookback',
        ($period_start::DATE - INTERVAL 12 MONTH)::DATE,
        ($period_start::DATE - INTERVAL 1 DAY)::DATE
),
window_code AS (                                     -- the CPT/HCPCS codes in force during each window
    SELECT DISTINCT
        w.window_name,
        pc.code
    FROM assessment_window AS w
    JOIN primary_care_service_code AS pc
        ON pc.valid_from <= w.window_end
        AND (pc.valid_to IS NULL OR pc.valid_to >= w.window_start)
    WHERE pc.code_type IN ('CPT', 'HCPCS')
),
candidate AS (                                       -- finished encounters in either window, with the window of their day
    SELECT
        e.rowid AS row_id,
        e.encounter_id,
        e.practice_id,
        e.patient_record_id,
        e.provider_id,
        e.type_codings,
        e.period_start::DATE AS visit_date,
        CASE WHEN e.period_start >= $period_start::DATE THEN 'period' ELSE 'lookback' END AS window_name
    FROM encounter AS e
    WHERE (e.status = 'finished' OR e.status IS NULL)
      AND e.period_start >= ($period_start::DATE - INTERVAL 12 MONTH)
      AND e.period_start < ($period_end::DATE + INTERVAL 1 DAY)
),
qualifying AS (                                      -- candidates with a CPT/HCPCS code in force during their window
    SELECT
        c.row_id
    FROM (
        SELECT
            row_id,
            window_name,
            unnest(type_codings) AS coding           -- a select-list unnest: far cheaper here than a lateral join
        FROM candidate
    ) AS c
    SEMI JOIN window_code AS wc
        ON wc.window_name = c.window_name
        AND wc.code = c.coding.code
    WHERE c.coding.system IN ('CPT', 'HCPCS')
),
visit AS (                                           -- one row per qualifying encounter, however many codes qualify it
    SELECT
        c.window_name,
        l.patient_id,
        c.practice_id,
        c.encounter_id,
        c.provider_id,
        c.visit_date
    FROM candidate AS c
    SEMI JOIN qualifying AS q
        ON q.row_id = c.row_id
    JOIN patient_record_link AS l
        ON l.patient_record_id = c.patient_record_id
    LEFT JOIN provider_role AS r
        ON r.provider_id = c.provider_id
    WHERE c.provider_id IS NULL
       OR r.assignment_step = 1
),
practice_pick AS (                                   -- the period's visits decide, or the look-back's when the period has none
    SELECT
        patient_id,
        practice_id,
        window_name,
        count(*) AS visits,
        max(visit_date) AS last_visit
    FROM visit
    GROUP BY patient_id, practice_id, window_name
    QUALIFY row_number() OVER (
        PARTITION BY patient_id ORDER BY window_name = 'period' DESC, visits DESC, last_visit DESC, practice_id
    ) = 1
),
provider_pick AS (
    SELECT
        v.patient_id,
        v.provider_id
    FROM visit AS v
    JOIN practice_pick AS p
        ON p.patient_id = v.patient_id
        AND p.practice_id = v.practice_id
        AND p.window_name = v.window_name
    WHERE v.provider_id IS NOT NULL
    GROUP BY v.patient_id, v.provider_id
    QUALIFY row_number() OVER (
        PARTITION BY v.patient_id ORDER BY count(*) DESC, max(v.visit_date) DESC, v.provider_id
    ) = 1
)
SELECT
    $period_start::DATE AS period_start,
    $period_end::DATE AS period_end,
    'visits' AS method,
    p.patient_id,
    p.practice_id,
    pp.provider_id,
    p.visits AS qualifying_visits,
    NULL AS allowed_amount,
    p.last_visit,
    'visits:' || p.window_name AS rule
FROM practice_pick AS p
LEFT JOIN provider_pick AS pp
    ON pp.patient_id = p.patient_id;
