-- What the planner's baseline is derived from: the latest loaded source file and the latest finished measure
-- run (together a fingerprint: a new load or run changes it, so the cached baseline is derived again), and
-- whether the inputs can be derived at all (CCLF beneficiaries loaded, CMS-HCC V28 coefficients loaded).
-- Grain: one row. Parameters: none.
SELECT
    (SELECT coalesce(max(source_file_id), 0) FROM source_file) AS source_file_id,
    (SELECT coalesce(max(run_id), 0) FROM measure_run WHERE status = 'finished') AS run_id,
    (SELECT count(*) FROM cclf_beneficiary) AS cclf_beneficiaries,
    (SELECT count(*) FROM hcc_coefficient WHERE model_version = 'V28') AS hcc_coefficients;
