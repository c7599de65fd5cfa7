-- The MSSP "Performance Year Financial and Quality Results" public use file, read for settlement conformance.
-- Grain: one row per ACO. Parameters: $path (the PUF CSV).
-- Percent columns carry a "%" suffix and "-" means not applicable (both → fractions / NULL here). Met_AltQPS and
-- FinalLossRate exist only from PY2023, so they are read by name from the row's JSON form (NULL when absent).
WITH raw AS (
    SELECT *
    FROM read_csv($path, header = true, all_varchar = true)
),
named AS (
    SELECT
        raw.*,
        to_json(raw) AS row_json
    FROM raw
)
SELECT
    ACO_ID AS aco_id,
    Current_Track AS current_track,
    Risk_Model AS risk_model,
    TRY_CAST(N_AB AS INTEGER) AS assigned_beneficiaries,
    TRY_CAST(N_AB_Year_PY AS DOUBLE) AS person_years,
    TRY_CAST(replace(MinSavPerc, '%', '') AS DOUBLE) / 100 AS published_msr,
    TRY_CAST(ABtotBnchmk AS DOUBLE) AS benchmark_total,
    TRY_CAST(ABtotExp AS DOUBLE) AS expenditure_total,
    TRY_CAST(replace(QualScore, '%', '') AS DOUBLE) / 100 AS quality_score,
    Met_QPS = '1' AS met_qps,
    coalesce(row_json ->> 'Met_AltQPS' = '1', false) AS met_alt_qps,
    Rev_Exp_Cat AS revenue_category,
    TRY_CAST(GenSaveLoss AS DOUBLE) AS gen_save_loss,
    coalesce(TRY_CAST(DisAdj AS DOUBLE), 0) AS disaster_adjustment,
    TRY_CAST(EarnSaveLoss AS DOUBLE) AS earn_save_loss,
    TRY_CAST(replace(FinalShareRate, '%', '') AS DOUBLE) / 100 AS final_share_rate,
    TRY_CAST(replace(row_json ->> 'FinalLossRate', '%', '') AS DOUBLE) / 100 AS final_loss_rate
FROM named
ORDER BY aco_id
