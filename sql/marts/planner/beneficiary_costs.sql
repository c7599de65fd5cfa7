-- Each assigned beneficiary's annualized Parts A and B expenditures, the cost distribution the Monte Carlo
-- resamples (server/aco/risk/simulate.ts). aco_beneficiary holds the year's rows acoInputs derived.
-- Grain: one row per assigned beneficiary of the performance year (with eligible months).
-- Parameters: $performance_year (INTEGER).
SELECT
    expenditure::DOUBLE / person_years AS annual_cost
FROM aco_beneficiary
WHERE performance_year = $performance_year::INTEGER
  AND person_years > 0
ORDER BY mbi;
