-- An entity's counts by stratum from the precomputed cube (measure_rate): the measure's own stratification
-- and the supplemental data elements sex, race, ethnicity and payer, for one run, entity and payer filter.
-- Grain: one row per measure x population group x stratifier x stratum with any patient.
-- Parameters: $run_id (INTEGER), $entity_type, $entity_id ('*' for the network), $payer ('*' or an SOP
-- payer type), $cms_payer_groups (BOOLEAN): true groups payer strata into the CMS Payer Groupings of the
-- CMS QRDA III IG (value set 2.16.840.1.113883.3.249.14.102: A Medicare = SOP 1x, B Medicaid = SOP 2x,
-- C Private = SOP 5x/6x, D Other = every other or unknown payer) and sums their counts.
WITH stratum_row AS (
    SELECT
        measure_id,
        group_id,
        stratifier,
        CASE
            WHEN stratifier = 'payer' AND $cms_payer_groups::BOOLEAN THEN
                CASE left(stratum, 1)
                    WHEN '1' THEN 'A'
                    WHEN '2' THEN 'B'
                    WHEN '5' THEN 'C'
                    WHEN '6' THEN 'C'
                    ELSE 'D'
                END
            ELSE stratum
        END AS stratum,
        initial_population,
        denominator,
        denominator_exclusion,
        denominator_exception,
        numerator,
        performance_denominator,
        open_gaps
    FROM measure_rate
    WHERE run_id = $run_id::INTEGER
      AND entity_type = $entity_type::VARCHAR
      AND entity_id = $entity_id::VARCHAR
      AND payer = $payer::VARCHAR
      AND stratifier IN ('stratum', 'sex', 'race', 'ethnicity', 'payer')
)
SELECT
    measure_id,
    group_id,
    stratifier,
    stratum,
    sum(initial_population)::BIGINT AS initial_population,
    sum(denominator)::BIGINT AS denominator,
    sum(denominator_exclusion)::BIGINT AS denominator_exclusion,
    sum(denominator_exception)::BIGINT AS denominator_exception,
    sum(numerator)::BIGINT AS numerator,
    sum(performance_denominator)::BIGINT AS performance_denominator,
    100.0 * sum(numerator) / nullif(sum(performance_denominator), 0) AS performance_rate,
    sum(open_gaps)::BIGINT AS open_gaps
FROM stratum_row
GROUP BY
    measure_id,
    group_id,
    stratifier,
    stratum
ORDER BY
    measure_id,
    group_id,
    stratifier,
    stratum;
