-- The Shared Savings Program ACOs of one published year (CMS MSSP ACO results PUF, refdata/mssp_puf), for
-- placing the network among them: size, savings rate, earned savings/losses and quality score.
-- Grain: one row per ACO with a savings rate. Parameters: $puf_path (the PUF CSV).
-- The PUF writes rates as "9.09%"; they are returned as fractions.
WITH puf AS (
    SELECT *
    FROM read_csv($puf_path, header = true, all_varchar = true)
)
SELECT
    ACO_ID AS aco_id,
    ACO_Name AS aco_name,
    Current_Track AS track,
    try_cast(N_AB AS INTEGER) AS assigned_beneficiaries,
    try_cast(replace(Sav_rate, '%', '') AS DOUBLE) / 100 AS savings_rate,
    try_cast(EarnSaveLoss AS DOUBLE) AS earned_savings_losses,
    try_cast(replace(QualScore, '%', '') AS DOUBLE) / 100 AS quality_score
FROM puf
WHERE try_cast(replace(Sav_rate, '%', '') AS DOUBLE) IS NOT NULL
  AND try_cast(N_AB AS INTEGER) > 0
ORDER BY aco_id;
