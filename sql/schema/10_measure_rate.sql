-- Precomputed rates of a finished run: what the dashboard's aggregate views and every export read, so no
-- request aggregates measure_result itself. Built once at the end of each run from measure_result.
-- Grain: run x measure x population group x entity x payer x stratifier x stratum.
--   entity_type  'network' (entity_id '*'), 'practice' or 'provider' (attributed; 'Unattributed' for none)
--   payer        '*' = every payer; else the SOP payer type stored on measure_result.payer ('Unknown' for NULL)
--   stratifier   '*' = no stratification (stratum '*'); else one of age_band, sex, race, ethnicity, payer,
--                stratum (the measure's own stratification); NULL values are stratum 'Unknown'. Provider
--                rows are stratified under payer '*' only; the payer stratifier exists under payer '*' only.
-- Counts follow eCQM proportion scoring as stored (see sql/marts/build/measure_rate.sql): performance
-- denominator = denominator - exclusions - exceptions; rate in percent, NULL when that is 0.
-- benchmark: the MIPS eCQM benchmark placement (mips_benchmark_placement) of every row without a stratifier
-- (stratifier '*'): network, practice and provider, any payer; NULL on stratified rows. Built by
-- sql/marts/build/measure_rate.sql (server/marts/build.ts).
CREATE TABLE IF NOT EXISTS measure_rate (
    run_id                  INTEGER NOT NULL,
    measure_id              VARCHAR NOT NULL,
    group_id                VARCHAR NOT NULL,
    entity_type             VARCHAR NOT NULL,
    entity_id               VARCHAR NOT NULL,
    payer                   VARCHAR NOT NULL,
    stratifier              VARCHAR NOT NULL,
    stratum                 VARCHAR NOT NULL,
    initial_population      BIGINT NOT NULL,
    denominator             BIGINT NOT NULL,
    denominator_exclusion   BIGINT NOT NULL,
    denominator_exception   BIGINT NOT NULL,
    numerator               BIGINT NOT NULL,
    performance_denominator BIGINT NOT NULL,
    performance_rate        DOUBLE,
    open_gaps               BIGINT NOT NULL,
    below_case_minimum      BOOLEAN,                   -- fewer than 20 eligible (42 CFR 414.1380(b)(1)(iii)); benchmarked rows only
    benchmark               STRUCT(
        performance_year        INTEGER,
        collection_type         VARCHAR,
        benchmark_measure_id    VARCHAR,
        benchmark_type          VARCHAR,
        is_topped_out           BOOLEAN,
        decile                  INTEGER,
        decile_points           DOUBLE,
        achievement_points      DOUBLE,
        scoring_rule            VARCHAR,
        percentiles             DOUBLE[]               -- p10..p90 on the rate's own scale; NULL without a benchmark
    )
);
