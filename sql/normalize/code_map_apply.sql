-- Apply the practices' code maps to a batch's rows of {{table}}, every coding column at once: each local
-- coding with a (system, code) in its practice's local_code_map gets its standard coding(s) put first; the
-- local coding is kept after them (docs/csv-extract.md "Code map"). One UPDATE per table, not per column:
-- a row is rewritten once however many of its columns change.
-- Parameters: $source_file_ids (the batch's files). {{table}}: from coding_columns.sql (the catalog).
-- The assignments below: code_map_column_set.sql for each of the table's coding columns; the codings:
-- code_map_column_codings.sql for each (code-map.ts).
-- The rows to update are found by a hash join of their unnested codings with the map's keys: looking
-- every coding of every row of a mapped practice up in its practice's MAP measured ~20x the cost.
UPDATE {{table}} AS t
SET /*assignments*/
FROM (
    SELECT practice_id, map(list(local_key), list(standard)) AS codes
    FROM (
        SELECT
            practice_id,
            local_system || '|' || local_code AS local_key,
            list({'system': code_system, 'code': code, 'display': display}) AS standard
        FROM local_code_map
        WHERE practice_id IN (SELECT practice_id FROM source_file WHERE source_file_id IN (SELECT unnest($source_file_ids::INTEGER[])))
        GROUP BY ALL
    )
    GROUP BY ALL
) AS m
WHERE t.practice_id = m.practice_id
  AND t.rowid IN (
    SELECT coded.row_id
    FROM (
        /*codings*/
    ) AS coded
    JOIN (SELECT DISTINCT practice_id, local_system || '|' || local_code AS local_key FROM local_code_map) AS k
        ON k.practice_id = coded.practice_id
       AND k.local_key = coded.coding.system || '|' || coded.coding.code
  );
