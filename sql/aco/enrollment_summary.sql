-- The assigned population of one performance year by Medicare enrollment type (42 CFR 425.601(a)(2)).
-- Grain: one row per enrollment type with assigned beneficiaries.
-- Parameters: $performance_year; $truncation (JSON object enrollment type -> dollars per person-year, or '{}'):
--   each beneficiary's expenditures are capped at that amount x their person-years (425.601(a)(4): the 99th
--   percentile of national FFS expenditures for assignable beneficiaries, which CMS publishes; a type not given
--   is not truncated); $normalization, $coding_adjustment: risk score = raw / normalization x (1 - adjustment).
WITH bene AS (
    SELECT
        enrollment_type,
        person_years,
        expenditure,
        least(expenditure, coalesce(json_extract($truncation, '$.' || enrollment_type)::DOUBLE * person_years, expenditure)) AS truncated,
        raw_risk_score
    FROM aco_beneficiary
    WHERE performance_year = $performance_year::INTEGER
)
SELECT
    enrollment_type,
    count(*) AS beneficiaries,
    sum(person_years) AS person_years,
    sum(expenditure)::DOUBLE AS expenditure,
    sum(truncated)::DOUBLE AS truncated_expenditure,
    sum(truncated)::DOUBLE / sum(person_years) AS expenditure_per_capita,
    sum(raw_risk_score * person_years) / sum(person_years) AS raw_risk_score,
    sum(raw_risk_score * person_years) / sum(person_years) / $normalization::DOUBLE * (1 - $coding_adjustment::DOUBLE) AS risk_score
FROM bene
GROUP BY enrollment_type
ORDER BY enrollment_type;
