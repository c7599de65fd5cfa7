-- Provenance: member practices, the files they sent, and every row we could not load.
-- Grain: practice = one member practice (a TIN-level group with one EHR);
--        source_file = one extract file, identified by practice and sha256 (loading it twice changes nothing);
--        rejected_row = one input line/entry that was not loaded, with its reason and raw text.

CREATE SEQUENCE IF NOT EXISTS source_file_seq START 1;

CREATE TABLE IF NOT EXISTS practice (
    practice_id     VARCHAR PRIMARY KEY,   -- short stable id chosen by the IPA, e.g. 'P01'
    name            VARCHAR NOT NULL,
    tin             VARCHAR,               -- Taxpayer Identification Number
    ehr             VARCHAR,               -- EHR product name (informational)
    source_format   VARCHAR,               -- fhir | csv | cclf
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS source_file (
    source_file_id  INTEGER PRIMARY KEY DEFAULT nextval('source_file_seq'),
    practice_id     VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,      -- path as given at load time
    format          VARCHAR NOT NULL,      -- fhir-ndjson | fhir-bundle | csv | valueset
    content         VARCHAR,               -- resource type or CSV table the file holds (NULL = mixed)
    sha256          VARCHAR NOT NULL,      -- unique per practice: the same bytes sent by two practices are two files
    bytes           BIGINT NOT NULL,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    rows_loaded     BIGINT NOT NULL DEFAULT 0,
    rows_rejected   BIGINT NOT NULL DEFAULT 0,
    status          VARCHAR NOT NULL,      -- loaded | empty | failed
    loaded_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    load_ms         INTEGER,
    UNIQUE (practice_id, sha256)
);

CREATE TABLE IF NOT EXISTS rejected_row (
    source_file_id  INTEGER NOT NULL,
    line_no         BIGINT,                -- 1-based line (NDJSON/CSV) or entry index (Bundle); NULL = whole file
    resource_type   VARCHAR,               -- resource type or CSV table, when known
    record_id       VARCHAR,               -- the record's own id, when known
    reason          VARCHAR NOT NULL,      -- coded: MalformedJson, MissingId, MissingSubject, InvalidDate,
                                           -- UnknownResourceType, CodingWithoutSystem, UnknownPatient,
                                           -- WrongColumnCount, EmptyFile, InvalidEncoding, MissingRequired, ...
    detail          VARCHAR,               -- human-readable specifics (field, value)
    raw             VARCHAR                -- the line or entry as sent (truncated to 64 KiB)
);

-- Per-file, per-content counts (a Bundle holds many resource types): read = loaded + rejected per row here.
CREATE TABLE IF NOT EXISTS source_file_count (
    source_file_id  INTEGER NOT NULL,
    resource_type   VARCHAR NOT NULL,
    rows_read       BIGINT NOT NULL,
    rows_loaded     BIGINT NOT NULL,
    rows_rejected   BIGINT NOT NULL
);
