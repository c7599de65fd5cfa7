-- Per staged value set: its code count, completeness, expansion fingerprint, and whether it is new
-- (temp table value_set_staged). Grain: one row per (source, value_set_id). Parameters: none.
-- complete = the definition lists every code and no fewer codes are present than expansion.total declares
-- (VSAC pages expansions at 1000 codes: total 1973 with 1000 listed is a truncated copy).
-- expansion_hash identifies the content: the codes, plus the declared total when incomplete. So a complete
-- expansion is one row whichever file carried it (with or without a total), loading the same files again adds
-- nothing, and a truncated copy stays a separate row; first_copy marks the copy that is inserted.
CREATE OR REPLACE TEMP TABLE value_set_staged AS
WITH counted AS (
    SELECT
        s.source,
        s.value_set_id,
        s.version,
        s.name,
        s.url,
        s.expansion_total,
        count(c.code)::INTEGER AS code_count,
        s.enumerated AND (s.expansion_total IS NULL OR count(c.code) >= s.expansion_total) AS complete,
        coalesce(string_agg(c.code_system || ' ' || c.code, ',' ORDER BY c.code_system, c.code), '') AS code_list
    FROM value_set_stage s
    LEFT JOIN value_set_code_stage c USING (source, value_set_id)
    GROUP BY s.source, s.value_set_id, s.version, s.name, s.url, s.expansion_total, s.enumerated
),
fingerprinted AS (
    SELECT
        * EXCLUDE (code_list),
        md5(CASE WHEN complete THEN 'complete|' ELSE 'incomplete|' || coalesce(expansion_total::VARCHAR, '') || '|' END
            || code_list) AS expansion_hash
    FROM counted
)
SELECT
    *,
    NOT EXISTS (
        SELECT 1
        FROM value_set v
        WHERE v.value_set_id = f.value_set_id
          AND v.version = f.version
          AND v.expansion_hash = f.expansion_hash
    ) AS added,
    row_number() OVER (PARTITION BY value_set_id, version, expansion_hash ORDER BY source) = 1 AS first_copy
FROM fingerprinted f;
