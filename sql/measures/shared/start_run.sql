-- Opens a measure run. Grain: one measure_run row.
-- Parameters: $period_start, $period_end, $as_of (DATE), $measures (JSON array of measure ids).

INSERT INTO measure_run (status, period_start, period_end, as_of, measures)
VALUES ('running', $period_start, $period_end, $as_of, from_json($measures, '["VARCHAR"]'))
RETURNING run_id;
