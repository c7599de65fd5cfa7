-- The texts behind a worklist's codes (worklist_text), for the codes one response uses, packed in one row:
-- one string of every text in code order and each text's length in bytes, so the server decodes one string
-- instead of one per code.
-- Grain: one row. Parameters: $run_id (INTEGER), $codes (JSON array of integer codes).
WITH wanted AS (
    SELECT
        unnest(from_json($codes::VARCHAR, '["INTEGER"]')) AS code
)
SELECT
    coalesce(list(t.code ORDER BY t.code), []) AS codes,
    coalesce(list(strlen(t.value) ORDER BY t.code), []) AS bytes,
    coalesce(string_agg(t.value, '' ORDER BY t.code), '') AS text
FROM worklist_text AS t
JOIN wanted USING (code)
WHERE t.run_id = $run_id::INTEGER;
