-- Stage one FHIR Bundle JSON file (collection, transaction, batch, searchset; pretty-printed) as the
-- batch's lines: one row per Bundle.entry, in entry order, raw = the entry's resource as compact JSON.
-- A JSON file holding a single resource instead of a Bundle is staged as a one-entry batch.
-- Parameters: $path (already checked by bundle_check.sql: valid UTF-8, one valid JSON document), the
-- batch's only file (a Bundle is a batch of its own: fhir_batch_file has one row).
-- Grain: fhir_read = one row per entry, in entry order (raw = its resource; its rowid: the entry's index - 1);
--        fhir_line_head = the same entries (line_no = the entry's 1-based index, row_no = its fhir_read
--        rowid, as for NDJSON: stage_ndjson.sql), their resourceType and id;
--        fhir_reject = empty (a Bundle has no reader-level line rejects; file-level problems are the caller's).
CREATE OR REPLACE TEMP TABLE fhir_entry AS
WITH doc AS (
    SELECT
        CASE
            WHEN json_extract_string(content, '$.resourceType') = 'Bundle'
                THEN coalesce(json_extract(content, '$.entry[*]'), [])
            ELSE [json_object('resource', json(content))]
        END AS entries
    FROM read_text($path)
    WHERE trim(content) <> ''   -- a blank file stages no lines (EmptyFile)
),
entries AS (
    SELECT
        unnest(entries) AS entry,
        generate_subscripts(entries, 1) AS entry_no
    FROM doc
)
SELECT
    entry_no AS line_no,
    -- An entry without a resource is kept whole so its reject shows what was sent.
    coalesce(json_extract(entry, '$.resource'), entry)::VARCHAR AS raw,
    json_extract_string(entry, ['$.resource.resourceType', '$.resource.id', '$.fullUrl']) AS head
FROM entries;

CREATE OR REPLACE TEMP TABLE fhir_read AS
SELECT
    raw
FROM fhir_entry
ORDER BY line_no;

CREATE OR REPLACE TEMP TABLE fhir_line_head AS
SELECT
    f.source_file_id,
    e.line_no,
    e.line_no - 1 AS row_no,
    true AS json_ok,
    head[1] AS resource_type,
    -- Transaction Bundles may identify a new resource only by fullUrl "urn:uuid:<id>", which is also
    -- how the other entries reference it.
    coalesce(head[2], CASE WHEN head[3] LIKE 'urn:uuid:%' THEN substr(head[3], 10) END) AS source_id
FROM fhir_entry e
CROSS JOIN fhir_batch_file f;

DROP TABLE fhir_entry;

CREATE OR REPLACE TEMP TABLE fhir_reject (
    source_file_id  INTEGER,
    line_no         BIGINT,
    resource_type   VARCHAR,
    record_id       VARCHAR,
    reason          VARCHAR,
    detail          VARCHAR,
    raw             VARCHAR,
    from_reader     BOOLEAN
);
