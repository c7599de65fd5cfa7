-- Every text of a run's worklist (worklist_text) in code order, packed in one row: one string of every text
-- and each text's length in bytes, so the server decodes one string instead of one per code. Codes are dense
-- (0 .. n-1, sql/marts/build/worklist_gap.sql), so a text's position is its code.
-- Grain: one row. Parameters: $run_id (INTEGER).
SELECT
    count(*) AS texts,
    coalesce(list(strlen(value) ORDER BY code), []) AS bytes,
    coalesce(string_agg(value, '' ORDER BY code), '') AS text
FROM worklist_text
WHERE run_id = $run_id::INTEGER;
