-- What Shared Savings Program ACOs spent per unit of risk in one published year, by Medicare enrollment type:
-- the default estimate of the network's benchmark when the user gives none (CMS's own benchmark needs three
-- historical years and regional data the network does not hold).
-- Grain: one row per enrollment type. Parameters: $puf_path (a CMS MSSP ACO results PUF, refdata/mssp_puf).
-- Per type: sum over ACOs of PY per-capita expenditure x person-years / sum of PY risk score x person-years.
WITH puf AS (
    SELECT *
    FROM read_csv($puf_path, header = true, all_varchar = true)
),
typed AS (
    SELECT 'esrd' AS enrollment_type, try_cast(Per_Capita_Exp_ALL_ESRD_PY AS DOUBLE) AS exp, try_cast(CMS_HCC_RiskScore_ESRD_PY AS DOUBLE) AS risk, try_cast(N_AB_Year_ESRD_PY AS DOUBLE) AS py FROM puf
    UNION ALL
    SELECT 'disabled', try_cast(Per_Capita_Exp_ALL_DIS_PY AS DOUBLE), try_cast(CMS_HCC_RiskScore_DIS_PY AS DOUBLE), try_cast(N_AB_Year_DIS_PY AS DOUBLE) FROM puf
    UNION ALL
    SELECT 'aged_dual', try_cast(Per_Capita_Exp_ALL_AGDU_PY AS DOUBLE), try_cast(CMS_HCC_RiskScore_AGDU_PY AS DOUBLE), try_cast(N_AB_Year_AGED_Dual_PY AS DOUBLE) FROM puf
    UNION ALL
    SELECT 'aged_non_dual', try_cast(Per_Capita_Exp_ALL_AGND_PY AS DOUBLE), try_cast(CMS_HCC_RiskScore_AGND_PY AS DOUBLE), try_cast(N_AB_Year_AGED_NonDual_PY AS DOUBLE) FROM puf
)
SELECT
    enrollment_type,
    sum(exp * py) / sum(risk * py) AS cost_per_risk
FROM typed
WHERE exp IS NOT NULL
  AND risk > 0
  AND py > 0
GROUP BY enrollment_type
ORDER BY enrollment_type;
