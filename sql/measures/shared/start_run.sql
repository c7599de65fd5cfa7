-- Opens a measure run. Grain: one measure_run row.
-- Parameters: $period_start, $period_end, $as_of (DATE), $measures (JSON array of measure ids),
--             $attribution_method (patient_attribution method the results are attributed by).

INSERT INTO measure_run (status, period_start, period_end, as_of, measures, attribution_method)
VALUES ('running', $period_start, $period_end, $as_of, from_json($measures, '["VARCHAR"]'), $attribution_method)
RETURNING run_id;
