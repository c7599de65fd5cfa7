-- Attribution (patient -> practice and provider per period) and MIPS benchmark placement.
-- Grain: primary_care_service_code = one code in force over a date range, as listed by one source file;
--        primary_care_specialty = one CMS specialty code and its MSSP assignment step;
--        patient_attribution = one patient per period and method (only attributed patients have a row);
--        mips_benchmark = one benchmark per performance year, measure and collection type.
-- Reference rows keep the file they came from and its sha256, so a reload of a new version replaces them.

-- Primary-care service codes: the MSSP list of 42 CFR 425.400(c) plus Caliper's extension
-- (sql/attribution/primary_care_service_codes_extension.csv, used by visit attribution only).
CREATE TABLE IF NOT EXISTS primary_care_service_code (
    code                VARCHAR NOT NULL,          -- CPT/HCPCS code, or revenue center code
    code_type           VARCHAR NOT NULL,          -- CPT | HCPCS | revenue_center
    valid_from          DATE NOT NULL,             -- first day of the first performance year (or PHE month) it counts
    valid_to            DATE,                      -- last day it counts; NULL = still in force
    excluded_place_of_service VARCHAR,             -- a claim line with this POS does not count ('31' = SNF)
    cfr_paragraph       VARCHAR,                   -- NULL = not an MSSP primary care service (Caliper extension)
    note                VARCHAR,
    source              VARCHAR NOT NULL,          -- file name the row was loaded from
    source_sha256       VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Specialties that count for assignment: step 1 = primary care physicians and non-physician ACO professionals
-- (42 CFR 425.20, 425.402(b)(3)); step 2 = the specialists of 425.402(c), used by 425.402(b)(4).
CREATE TABLE IF NOT EXISTS primary_care_specialty (
    specialty_code      VARCHAR NOT NULL,          -- CMS provider specialty code, two characters ('08')
    name                VARCHAR NOT NULL,
    assignment_role     VARCHAR NOT NULL,          -- primary_care_physician | non_physician_aco_professional | step2_specialist
    assignment_step     INTEGER NOT NULL,          -- 1 | 2
    cfr_paragraph       VARCHAR,
    source              VARCHAR NOT NULL,
    source_sha256       VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Each provider's assignment step: 1 = primary care (is_pcp, or a step-1 specialty), 2 = step-2 specialist,
-- NULL = neither; is_physician separates physicians from NPs, PAs and CNSs (42 CFR 425.402(b)(1) needs a
-- physician). One row per provider_id even when a provider file was loaded twice.
CREATE OR REPLACE VIEW provider_role AS
SELECT
    p.provider_id,
    min(p.practice_id) AS practice_id,
    min(p.npi) AS npi,
    CASE
        WHEN bool_or(coalesce(p.is_pcp, false) OR coalesce(s.assignment_step = 1, false)) THEN 1
        WHEN bool_or(coalesce(s.assignment_step = 2, false)) THEN 2
    END AS assignment_step,
    bool_or(
        coalesce(s.assignment_role IN ('primary_care_physician', 'step2_specialist'), false)
        OR (coalesce(p.is_pcp, false) AND s.assignment_role IS DISTINCT FROM 'non_physician_aco_professional')
    ) AS is_physician
FROM provider p
LEFT JOIN primary_care_specialty s
    ON s.specialty_code = lpad(trim(p.specialty_code), 2, '0')   -- '8' and '08' are the same code
GROUP BY p.provider_id;

CREATE TABLE IF NOT EXISTS patient_attribution (
    period_start        DATE NOT NULL,
    period_end          DATE NOT NULL,
    method              VARCHAR NOT NULL,          -- visits | claims
    patient_id          VARCHAR NOT NULL,          -- enterprise patient
    practice_id         VARCHAR NOT NULL,
    provider_id         VARCHAR,                   -- NULL when none of the deciding services named a known provider
    qualifying_visits   INTEGER NOT NULL,          -- visits (claims: distinct claims) at the attributed practice
    allowed_amount      DECIMAL(18, 2),            -- claims: allowed charges at the attributed practice; visits: NULL
    last_visit          DATE NOT NULL,             -- latest deciding service at the attributed practice
    rule                VARCHAR NOT NULL,          -- visits:period | visits:lookback | claims:step1 | claims:step2
    computed_at         TIMESTAMP NOT NULL DEFAULT current_timestamp
    -- One row per (period_start, period_end, method, patient_id), by construction: computeAttribution
    -- deletes the period's rows, then its SQL inserts one row per patient. No PRIMARY KEY: maintaining the
    -- ART index made the delete, insert and commit cost 12.3 s instead of 2.7 s at 100k patients.
);

-- MIPS quality benchmarks as published by CMS (qpp-measures-data). Percentiles are those of the
-- performance-rate distribution (ascending for every measure, inverse or not); p10..p90 are the
-- decile 2..10 lower bounds of a higher-is-better measure.
CREATE TABLE IF NOT EXISTS mips_benchmark (
    performance_year    INTEGER NOT NULL,
    measure_id          VARCHAR NOT NULL,          -- MIPS quality id, e.g. '001'
    benchmark_measure_id VARCHAR NOT NULL,         -- QPP id of the benchmark: '001', or '001SSP' for Medicare CQM
    measure_name        VARCHAR,
    collection_type     VARCHAR NOT NULL,          -- eCQM | MIPS CQM | Medicare CQM | Medicare Part B Claims
    is_inverse          BOOLEAN NOT NULL,          -- lower rate is better
    is_topped_out       BOOLEAN NOT NULL,
    is_topped_out_by_program BOOLEAN NOT NULL,     -- topped out 2+ consecutive years: 7-point cap
    average_performance_rate DOUBLE,
    standard_deviation  DOUBLE,
    p1 DOUBLE, p10 DOUBLE, p20 DOUBLE, p30 DOUBLE, p40 DOUBLE, p50 DOUBLE,
    p60 DOUBLE, p70 DOUBLE, p80 DOUBLE, p90 DOUBLE, p99 DOUBLE,
    flat_benchmark      BOOLEAN NOT NULL,          -- percentiles are 10/20/.../90 (CMS flat benchmark or placeholder)
    no_historical_benchmark BOOLEAN NOT NULL,      -- placeholder row: nothing to score against
    source              VARCHAR NOT NULL,
    source_sha256       VARCHAR NOT NULL,
    loaded_at           TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (performance_year, measure_id, collection_type)
);

-- A rate on the higher-is-better scale: inverse measures are read as 100 - rate (and back: the map is its own inverse).
CREATE OR REPLACE MACRO mips_orient(rate, is_inverse) AS
    CASE WHEN is_inverse THEN 100 - rate::DOUBLE ELSE rate::DOUBLE END;

-- Benchmarks on the higher-is-better scale: bounds[k] is the inclusive lower bound of decile k + 1.
-- Inverse: a rate at or below raw p90 reaches decile 2, at or below p10 decile 10, so the bounds are 100 - p90 .. 100 - p10.
CREATE OR REPLACE VIEW mips_benchmark_scale AS
SELECT
    performance_year,
    measure_id,
    collection_type,
    benchmark_measure_id,
    is_inverse,
    is_topped_out,
    is_topped_out_by_program,
    NOT no_historical_benchmark AS has_benchmark,
    CASE WHEN flat_benchmark AND NOT no_historical_benchmark THEN 'flat' WHEN NOT no_historical_benchmark THEN 'historical' END
        AS benchmark_type,
    CASE
        WHEN is_inverse THEN list_transform([p90, p80, p70, p60, p50, p40, p30, p20, p10], p -> mips_orient(p, true))
        ELSE [p10, p20, p30, p40, p50, p60, p70, p80, p90]
    END AS oriented_bounds
FROM mips_benchmark;

-- Decile 1..10 of an oriented rate: 1 + the number of decile lower bounds it reaches. A decile whose lower bound
-- equals the next one is empty (qpp-measures-data benchmarks-schema) and is skipped by this count.
CREATE OR REPLACE MACRO mips_decile(oriented_rate, bounds) AS
    CASE WHEN oriented_rate IS NOT NULL THEN 1 + len(list_filter(bounds, b -> b <= oriented_rate)) END;

-- Points from the benchmark: the decile plus the fraction of the way through it (linear between the decile's
-- lower bound and the next decile's; decile 1 starts at 0); decile 10 earns 10 (the cap).
CREATE OR REPLACE MACRO mips_decile_points(oriented_rate, bounds) AS
    CASE
        WHEN mips_decile(oriented_rate, bounds) = 10 THEN 10.0
        ELSE mips_decile(oriented_rate, bounds)
            + (oriented_rate - coalesce(bounds[mips_decile(oriented_rate, bounds) - 1], 0.0))
            / (bounds[mips_decile(oriented_rate, bounds)] - coalesce(bounds[mips_decile(oriented_rate, bounds) - 1], 0.0))
    END;

-- Data completeness threshold, 42 CFR 414.1340(a)/(b) by MIPS payment year (= performance year + 2):
-- 75% from PY2024 (as amended 88 FR 79534), 70% PY2020-2023, 60% PY2018-2019, 50% PY2017.
CREATE OR REPLACE MACRO mips_data_completeness_threshold(performance_year) AS
    CASE
        WHEN performance_year >= 2024 THEN 0.75
        WHEN performance_year >= 2020 THEN 0.70
        WHEN performance_year >= 2018 THEN 0.60
        ELSE 0.50
    END;

-- Places performance rates on their benchmarks, in bulk. `rates` names a table, view or CTE with the columns
-- measure_id, performance_year, collection_type, rate (percent 0-100), denominator (cases), reported, eligible,
-- small_practice (NULL where unknown); its other columns pass through.
-- Scoring follows 42 CFR 414.1380(b)(1) for the CY2023 performance period onward:
--   (i)          benchmark + case minimum + data completeness met: 1-10 achievement points incl. partial points;
--   (iv)(B)      benchmark topped out 2+ consecutive years (is_topped_out_by_program): at most 7 points;
--   (i)(A)(1)    no benchmark or below the case minimum (20 cases, (b)(1)(iii)): 0 points, small practices 3;
--   (i)(B)(1)(iii) data completeness not met (414.1340): 0 points, small practices 3.
-- Data completeness = coalesce(reported, denominator) / eligible; with eligible unknown it is NULL and taken as met.
-- Not modelled: the 7/5-point floors of new measures ((i)(C), (i)(A)(3)), bonus points, improvement scoring.
CREATE OR REPLACE MACRO mips_benchmark_placement(rates) AS TABLE
WITH matched AS (
    SELECT
        i.*,
        s.benchmark_measure_id,
        coalesce(s.has_benchmark, false) AS has_benchmark,
        s.benchmark_type,
        s.is_inverse,
        s.is_topped_out,
        s.is_topped_out_by_program,
        CASE WHEN s.has_benchmark THEN s.oriented_bounds END AS oriented_bounds,
        mips_orient(i.rate, s.is_inverse) AS oriented_rate,
        coalesce(i.denominator >= 20, false) AS meets_case_minimum,
        coalesce(i.reported, i.denominator)::DOUBLE / nullif(i.eligible, 0) AS data_completeness
    FROM query_table(rates) AS i
    LEFT JOIN mips_benchmark_scale AS s
        ON  s.measure_id = i.measure_id
        AND s.performance_year = i.performance_year
        AND s.collection_type = i.collection_type
),
placed AS (
    SELECT
        *,
        mips_decile(oriented_rate, oriented_bounds) AS decile,
        mips_decile_points(oriented_rate, oriented_bounds) AS decile_points,
        data_completeness >= mips_data_completeness_threshold(performance_year) AS meets_data_completeness
    FROM matched
),
located AS (
    -- where the rate's decile starts and where the next one starts, on the measure's own scale
    -- (rounded to undo the float noise of 100 - (100 - p); published percentiles have at most 3 decimals)
    SELECT
        *,
        CASE WHEN decile IS NOT NULL THEN round(mips_orient(coalesce(oriented_bounds[decile - 1], 0.0), is_inverse), 6) END
            AS decile_start,
        CASE WHEN decile < 10 THEN round(mips_orient(oriented_bounds[decile], is_inverse), 6) END AS next_decile_start
    FROM placed
),
scored AS (
    SELECT
        *,
        CASE
            WHEN meets_data_completeness = false THEN 'DataCompletenessNotMet'
            WHEN NOT has_benchmark THEN 'NoBenchmark'
            WHEN NOT meets_case_minimum THEN 'BelowCaseMinimum'
            WHEN is_topped_out_by_program THEN 'BenchmarkedToppedOutCap'
            ELSE 'Benchmarked'
        END AS scoring_rule
    FROM located
)
SELECT
    * EXCLUDE (oriented_rate, oriented_bounds),
    CASE
        WHEN scoring_rule IN ('DataCompletenessNotMet', 'NoBenchmark', 'BelowCaseMinimum')
            THEN CASE WHEN small_practice THEN 3.0 ELSE 0.0 END
        WHEN scoring_rule = 'BenchmarkedToppedOutCap' THEN least(decile_points, 7.0)
        ELSE decile_points
    END AS achievement_points
FROM scored;
