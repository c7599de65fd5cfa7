-- The batch's lines per file and resource type: read, loaded, rejected. The caller checks read = loaded +
-- rejected. Grain: one row per (source_file_id, resource_type); '(unknown)' for lines whose type could not
-- be read (invalid UTF-8, malformed JSON without a leading resourceType, JSON without one).
WITH lines AS (
    SELECT source_file_id, resource_type FROM fhir_line_head
    UNION ALL
    SELECT source_file_id, resource_type FROM fhir_reject WHERE from_reader      -- lines the reader refused
),
read AS (
    SELECT source_file_id, coalesce(resource_type, '(unknown)') AS resource_type, count(*) AS n
    FROM lines
    GROUP BY ALL
),
loaded AS (
    SELECT source_file_id, resource_type, sum(loaded) AS n
    FROM fhir_loaded
    GROUP BY ALL
),
rejected AS (
    SELECT source_file_id, coalesce(resource_type, '(unknown)') AS resource_type, count(*) AS n
    FROM fhir_reject
    GROUP BY ALL
)
SELECT
    source_file_id,
    resource_type,
    coalesce(read.n, 0)::BIGINT AS read,
    coalesce(loaded.n, 0)::BIGINT AS loaded,
    coalesce(rejected.n, 0)::BIGINT AS rejected
FROM read
FULL JOIN loaded USING (source_file_id, resource_type)
FULL JOIN rejected USING (source_file_id, resource_type)
ORDER BY source_file_id, resource_type;
