-- Reject the staged lines no kind can load, then expose the rest to the kind files as fhir_resource.
-- Also starts fhir_loaded (per kind: lines loaded), filled by store.sql.
-- Parameters: $resource_types (VARCHAR[]: the resource types the FHIR loader normalises).
-- Reasons, first match wins: MalformedJson (not valid JSON, e.g. a truncated last line),
-- UnknownResourceType (no resourceType, or one Caliper does not load), MissingId, DuplicateId (the same
-- resourceType/id again later in the batch: the first line loads, as for CSV extracts).
INSERT INTO fhir_reject
WITH judged AS (
    SELECT
        line_no,
        resource_type,
        source_id,
        CASE
            WHEN NOT json_ok THEN 'MalformedJson'
            WHEN resource_type IS NULL THEN 'UnknownResourceType'
            WHEN NOT list_contains($resource_types, resource_type) THEN 'UnknownResourceType'
            WHEN nullif(trim(source_id), '') IS NULL THEN 'MissingId'
        END AS reason
    FROM fhir_line_head
),
-- ids sent more than once (an aggregate over the ids, cheaper than a window over every line)
repeated AS (
    SELECT
        resource_type,
        source_id,
        min(line_no) AS kept_line
    FROM judged
    WHERE reason IS NULL
    GROUP BY ALL
    HAVING count(*) > 1
),
rejected AS (
    SELECT line_no, resource_type, source_id, reason, NULL AS kept_line
    FROM judged
    WHERE reason IS NOT NULL
    UNION ALL
    SELECT j.line_no, j.resource_type, j.source_id, 'DuplicateId', r.kept_line
    FROM judged j
    JOIN repeated r USING (resource_type, source_id)
    WHERE j.reason IS NULL
      AND j.line_no > r.kept_line
)
SELECT
    line_no,
    resource_type,
    source_id AS record_id,
    reason,
    CASE reason
        WHEN 'MalformedJson' THEN CASE
            WHEN line_no = (SELECT max(line_no) FROM fhir_line_head) THEN 'not valid JSON: the last line is incomplete (truncated file?)'
            ELSE 'not valid JSON'
        END
        WHEN 'UnknownResourceType' THEN coalesce('resource type ' || resource_type || ' is not loaded by Caliper', 'no resourceType')
        WHEN 'MissingId' THEN resource_type || ' without an id'
        WHEN 'DuplicateId' THEN 'the same ' || resource_type || ' id was sent before, at line ' || kept_line || ', which is kept'
    END AS detail,
    NULL AS raw,
    false AS from_reader
FROM rejected;

-- The lines the kind files normalise (each filters its resourceType).
CREATE OR REPLACE TEMP VIEW fhir_resource AS
SELECT
    h.line_no,
    h.resource_type,
    h.source_id,
    l.raw
FROM fhir_line_head h
JOIN fhir_line l USING (line_no)
ANTI JOIN (SELECT line_no FROM fhir_reject WHERE NOT from_reader) r USING (line_no)
WHERE h.json_ok;

CREATE OR REPLACE TEMP TABLE fhir_loaded (
    resource_type   VARCHAR,
    loaded          BIGINT
);
