-- FHIR R4 ValueSet resources -> value_set_stage. Grain: one row per ValueSet file. Parameters: none.
-- Id = the OID: the first of ValueSet.id, identifier[].value (without 'urn:oid:'), the url's last segment that
-- is shaped like an OID (VSAC ids can carry a version suffix, e.g. '2.16.840.1.114222.4.11.3591-20250419');
-- otherwise ValueSet.id. Version = ValueSet.version ('' when absent). Declared total = expansion.total.
-- Without an expansion the codes come from compose.include[].concept[], which lists the whole set only when
-- no include or exclude uses a filter or another value set (R4 ValueSet.compose).
INSERT INTO value_set_stage
WITH resource AS (
    SELECT
        source,
        doc,
        list_concat(
            [doc->>'id'],
            list_transform(json_extract_string(doc, '$.identifier[*].value'), lambda v: regexp_replace(v, '^urn:oid:', '')),
            [regexp_extract(doc->>'url', '[^/]+$')]
        ) AS id_candidates
    FROM value_set_doc
    WHERE (doc->>'resourceType') = 'ValueSet'
)
SELECT
    source,
    coalesce(
        list_filter(id_candidates, lambda c: regexp_full_match(c, '[0-2](\.[0-9]+)+'))[1],
        doc->>'id'
    ) AS value_set_id,
    coalesce(doc->>'version', '') AS version,
    coalesce(doc->>'title', doc->>'name') AS name,
    doc->>'url' AS url,
    (doc->'expansion'->>'total')::INTEGER AS expansion_total,
    CASE
        WHEN json_exists(doc, '$.expansion') THEN true
        ELSE coalesce(list_bool_and(list_transform(
                 json_extract(doc, '$.compose.include[*]'),
                 lambda i: json_exists(i, '$.concept') AND NOT json_exists(i, '$.filter') AND NOT json_exists(i, '$.valueSet'))), false)
             AND coalesce(list_bool_and(list_transform(
                 json_extract(doc, '$.compose.exclude[*]'),
                 lambda x: NOT json_exists(x, '$.filter') AND NOT json_exists(x, '$.valueSet'))), true)
    END AS enumerated
FROM resource;
