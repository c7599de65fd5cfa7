-- Loads the MIPS benchmark CSV (refdata/mips_benchmarks/mips_benchmarks_selected_py2025_py2026.csv) into mips_benchmark.
-- Grain: one row per performance year, measure and collection type. Parameters: $path (the CSV), $source (its file name).
-- Flags are sent as Y/N or Yes/No; an average of '--' means none was published.
INSERT OR REPLACE INTO mips_benchmark BY NAME
WITH raw AS (
    SELECT *
    FROM read_csv($path, header = true, all_varchar = true)
),
file AS (
    SELECT sha256(content) AS source_sha256
    FROM read_text($path)
)
SELECT
    raw.performance_year::INTEGER AS performance_year,
    raw.quality_id AS measure_id,
    raw.qpp_measure_id AS benchmark_measure_id,
    raw.measure_name,
    raw.collection_type,
    raw.is_inverse IN ('Y', 'Yes') AS is_inverse,
    raw.is_topped_out IN ('Y', 'Yes') AS is_topped_out,
    raw.is_topped_out_by_program IN ('Y', 'Yes') AS is_topped_out_by_program,
    TRY_CAST(raw.average_performance_rate AS DOUBLE) AS average_performance_rate,
    TRY_CAST(raw.standard_deviation AS DOUBLE) AS standard_deviation,
    raw.p1::DOUBLE AS p1,
    raw.p10::DOUBLE AS p10,
    raw.p20::DOUBLE AS p20,
    raw.p30::DOUBLE AS p30,
    raw.p40::DOUBLE AS p40,
    raw.p50::DOUBLE AS p50,
    raw.p60::DOUBLE AS p60,
    raw.p70::DOUBLE AS p70,
    raw.p80::DOUBLE AS p80,
    raw.p90::DOUBLE AS p90,
    raw.p99::DOUBLE AS p99,
    raw.flat_10pct_steps IN ('Y', 'Yes') AS flat_benchmark,
    raw.no_historical_benchmark IN ('Y', 'Yes') AS no_historical_benchmark,
    $source AS source,
    file.source_sha256
FROM raw
CROSS JOIN file;
