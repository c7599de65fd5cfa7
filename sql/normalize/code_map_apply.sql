-- Apply the practices' code maps to a batch's rows of {{table}}, every coding column at once: each local
-- coding with a (system, code) in its practice's local_code_map gets its standard coding(s) put first; the
-- local coding is kept after them (docs/csv-extract.md "Code map"). One UPDATE per table, not per column:
-- a row is rewritten once however many of its columns change.
-- Parameters: $source_file_ids (the batch's files). {{table}}: from coding_columns.sql (the catalog).
-- The assignments and mapped markers below: code_map_column_set.sql and code_map_column_mapped.sql for
-- each of the table's coding columns (code-map.ts).
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
WHERE t.source_file_id IN (SELECT unnest($source_file_ids::INTEGER[]))
  AND t.practice_id = m.practice_id
  AND (/*mapped*/);
