-- Apply a practice's code map to one file's rows of one coding column, {{table}}.{{column}}: each local
-- coding with a (system, code) in local_code_map gets its standard coding(s) put first; the local coding
-- is kept after them (docs/csv-extract.md "Code map").
-- Parameters: $practice_id, $source_file_id. {{table}}, {{column}}: from coding_columns.sql (the catalog).
UPDATE {{table}} AS t
SET {{column}} = list_concat(
        flatten(list_transform(t.{{column}}, c -> coalesce(m.codes[c.system || '|' || c.code], []))),
        t.{{column}})
FROM (
    SELECT map(list(local_key), list(standard)) AS codes
    FROM (
        SELECT
            local_system || '|' || local_code AS local_key,
            list({'system': code_system, 'code': code, 'display': display}) AS standard
        FROM local_code_map
        WHERE practice_id = $practice_id
        GROUP BY ALL
    )
) AS m
WHERE t.source_file_id = $source_file_id
  AND list_bool_or(list_transform(t.{{column}}, c -> m.codes[c.system || '|' || c.code] IS NOT NULL));
