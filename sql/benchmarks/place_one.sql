-- One performance rate placed on its MIPS benchmark; the rules live in mips_benchmark_placement (schema/08).
-- Grain: one row. Parameters: $measure_id, $performance_year, $collection_type, $rate (percent 0-100),
-- $denominator (cases), $reported, $eligible, $small_practice (NULL where unknown).
WITH benchmark_input AS (
    SELECT
        $measure_id::VARCHAR AS measure_id,
        $performance_year::INTEGER AS performance_year,
        $collection_type::VARCHAR AS collection_type,
        $rate::DOUBLE AS rate,
        $denominator::BIGINT AS denominator,
        $reported::BIGINT AS reported,
        $eligible::BIGINT AS eligible,
        $small_practice::BOOLEAN AS small_practice
)
SELECT *
FROM mips_benchmark_placement('benchmark_input');
