-- Reject the staged lines no kind can load, then expose the rest to the kind files as fhir_resource
-- (and every staged line with its text as fhir_line).
-- Also starts fhir_loaded (per file and kind: lines loaded), filled by store.sql.
-- Parameters: $resource_types (VARCHAR[]: the resource types the FHIR loader normalises).
-- Reasons, first match wins: MalformedJson (not valid JSON, e.g. a truncated last line),
-- UnknownResourceType (no resourceType, or one Caliper does not load), MissingId, DuplicateId (the same
-- resourceType/id again later in the same file: the first line loads, as for CSV extracts).
-- Every line is judged within its own file (source_file_id): a batch holds several practices' files.
INSERT INTO fhir_reject
WITH judged AS (
    SELECT
        source_file_id,
        line_no,
        resource_type,
        source_id,
        json_ok,
        CASE
            WHEN NOT json_ok THEN 'MalformedJson'
            WHEN resource_type IS NULL THEN 'UnknownResourceType'
            WHEN NOT list_contains($resource_types, resource_type) THEN 'UnknownResourceType'
            -- a blank id: trim() copies every id (half this statement's time), so it runs only on the
            -- ids it could empty: '', or starting with a space, or holding non-ASCII (Unicode spaces)
            WHEN source_id IS NULL THEN 'MissingId'
            WHEN (source_id = '' OR starts_with(source_id, ' ') OR strlen(source_id) <> length(source_id))
                AND trim(source_id) = '' THEN 'MissingId'
        END AS reason
    FROM fhir_line_head
),
-- ids sent more than once in a file (an aggregate over the ids, cheaper than a window over every line)
repeated AS (
    SELECT
        source_file_id,
        resource_type,
        source_id,
        min(line_no) AS kept_line
    FROM judged
    WHERE reason IS NULL
    GROUP BY ALL
    HAVING count(*) > 1
),
last_line AS (
    SELECT source_file_id, max(line_no) AS line_no
    FROM fhir_line_head
    WHERE source_file_id IN (SELECT source_file_id FROM judged WHERE NOT json_ok)
    GROUP BY ALL
),
rejected AS (
    SELECT source_file_id, line_no, resource_type, source_id, reason, NULL AS kept_line
    FROM judged
    WHERE reason IS NOT NULL
    UNION ALL
    SELECT j.source_file_id, j.line_no, j.resource_type, j.source_id, 'DuplicateId', r.kept_line
    FROM judged j
    JOIN repeated r USING (source_file_id, resource_type, source_id)
    WHERE j.reason IS NULL
      AND j.line_no > r.kept_line
)
SELECT
    x.source_file_id,
    x.line_no,
    x.resource_type,
    x.source_id AS record_id,
    x.reason,
    CASE x.reason
        WHEN 'MalformedJson' THEN CASE
            WHEN x.line_no = l.line_no THEN 'not valid JSON: the last line is incomplete (truncated file?)'
            ELSE 'not valid JSON'
        END
        WHEN 'UnknownResourceType' THEN coalesce('resource type ' || x.resource_type || ' is not loaded by Caliper', 'no resourceType')
        WHEN 'MissingId' THEN x.resource_type || ' without an id'
        WHEN 'DuplicateId' THEN 'the same ' || x.resource_type || ' id was sent before, at line ' || x.kept_line || ', which is kept'
    END AS detail,
    NULL AS raw,
    false AS from_reader
FROM rejected x
LEFT JOIN last_line l USING (source_file_id);

-- Each staged line with its text (the fhir_read row whose rowid is its row_no), for the rejects' raw text
-- (finish.sql).
CREATE OR REPLACE TEMP VIEW fhir_line AS
SELECT
    h.source_file_id,
    h.line_no,
    r.raw
FROM fhir_line_head h
JOIN fhir_read r ON r.rowid = h.row_no;

-- The lines the kind files normalise (each filters its resourceType), with their file's practice.
CREATE OR REPLACE TEMP VIEW fhir_resource AS
SELECT
    h.source_file_id,
    f.practice_id,
    h.line_no,
    h.resource_type,
    h.source_id,
    l.raw
FROM fhir_line_head h
JOIN fhir_read l ON l.rowid = h.row_no
JOIN fhir_batch_file f USING (source_file_id)
ANTI JOIN (SELECT source_file_id, line_no FROM fhir_reject WHERE NOT from_reader) r USING (source_file_id, line_no)
WHERE h.json_ok;

CREATE OR REPLACE TEMP TABLE fhir_loaded (
    source_file_id  INTEGER,
    resource_type   VARCHAR,
    loaded          BIGINT
);
