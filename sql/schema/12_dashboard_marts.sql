-- The dashboard's per-run marts besides the rate cube (10_measure_rate.sql): built once per finished run
-- by server/marts/build.ts from measure_result, measure_result_monthly and the core model, so that every
-- dashboard request is a filtered scan of rows already shaped for it.
-- Grain: dashboard_mart_run = one run whose marts are built (the marker the API checks);
--        measure_rate_scope = one run x network or practice x payer x measure x group (the cube, unstratified);
--        measure_trend = one run x measure x group x entity (network '*', practice, or provider with payer '*') x payer ('*' = all)
--                        x month end;
--        worklist_gap = one run x measure x group x patient with an open gap (measure_result.gap);
--        worklist_slice = one run x stored worklist (the network's, a measure's, a practice's), as sent;
--        worklist_text = one run x distinct text value of its worklist (the codes worklist_gap sends);
--        worklist_gap_seen = one run x open gap x practice that may see it (viewer scoping), the whole row;
--        patient_card = one run x enterprise patient (the patient page's header);
--        patient_measure = one run x patient x measure x group (measure_result in patient order);
--        patient_timeline = one run x patient x record shown on the patient page (the records that decided
--                           a measure outcome, and the period's encounters).
-- The patient marts are stored in patient order: zonemaps then skip every row group but one per lookup.

CREATE TABLE IF NOT EXISTS dashboard_mart_run (
    run_id                  INTEGER PRIMARY KEY,
    built_at                TIMESTAMP NOT NULL DEFAULT current_timestamp,
    build_ms                INTEGER NOT NULL
);

-- The cube's unstratified network and practice rows (measure_rate), in (entity, payer) order: the rates of one
-- scope (sql/marts/dashboard/rates.sql: the overview, exports, ACO inputs), the measure page's practices and the
-- filter lists read this small table (~54k rows at 1M patients) instead of the cube with its strata and
-- providers (2M+ rows). Same columns as the cube.
CREATE TABLE IF NOT EXISTS measure_rate_scope AS
SELECT
    run_id, entity_type, entity_id, payer, measure_id, group_id, initial_population, denominator,
    denominator_exclusion, denominator_exception, numerator, performance_denominator, performance_rate,
    open_gaps, below_case_minimum, benchmark
FROM measure_rate
LIMIT 0;
-- Runs whose marts were built before it are rebuilt on first use (the marker goes).
DELETE FROM dashboard_mart_run
WHERE run_id IN (SELECT run_id FROM measure_rate)
  AND run_id NOT IN (SELECT run_id FROM measure_rate_scope);

-- Year-to-date trend (measure_result_monthly's month-end rule, sql/measures/shared/monthly_results.sql).
CREATE TABLE IF NOT EXISTS measure_trend (
    run_id                  INTEGER NOT NULL,
    measure_id              VARCHAR NOT NULL,
    group_id                VARCHAR NOT NULL,
    entity_type             VARCHAR NOT NULL,          -- network | practice | provider (all payers only)
    entity_id               VARCHAR NOT NULL,          -- '*' for the network; practice_id or provider_id, 'Unattributed' for none
    payer                   VARCHAR NOT NULL,          -- '*' = every payer; else the SOP payer type, 'Unknown' for NULL
    month_end               DATE NOT NULL,
    denominator             BIGINT NOT NULL,
    denominator_exclusion   BIGINT NOT NULL,
    denominator_exception   BIGINT NOT NULL,
    numerator               BIGINT NOT NULL,
    performance_denominator BIGINT NOT NULL,
    performance_rate        DOUBLE                     -- percent; NULL when the performance denominator is 0
);

-- Open care gaps with what a worklist shows beside them; rows are stored in (run, practice, close_by) order
-- so a practice's worklist reads a few contiguous row groups.
CREATE TABLE IF NOT EXISTS worklist_gap (
    run_id                  INTEGER NOT NULL,
    patient_id              VARCHAR NOT NULL,
    patient_name            VARCHAR,                   -- 'FAMILY, Given' of the enterprise patient
    birth_date              DATE,
    sex                     VARCHAR,
    measure_id              VARCHAR NOT NULL,
    group_id                VARCHAR NOT NULL,
    practice_id             VARCHAR,                   -- attributed practice; NULL = unattributed
    provider_id             VARCHAR,                   -- attributed provider; NULL = none
    payer                   VARCHAR NOT NULL,          -- SOP payer type, 'Unknown' for NULL
    gap_reason              VARCHAR,
    gap_text                VARCHAR,
    evidence_date           DATE,
    evidence_value          VARCHAR,
    close_action            VARCHAR,
    close_by                DATE,
    last_visit              DATE,                      -- latest encounter at any member practice up to the run's as_of
    record_practice_ids     VARCHAR[] NOT NULL,        -- practices holding a record of the patient (viewer scoping)
    -- The text columns above as codes into worklist_text: the API sends them as Arrow dictionaries, reading
    -- integers instead of decoding every string (NULL where the text is NULL).
    patient_id_code         INTEGER NOT NULL,
    patient_name_code       INTEGER,
    sex_code                INTEGER,
    measure_id_code         INTEGER NOT NULL,
    group_id_code           INTEGER NOT NULL,
    practice_id_code        INTEGER,
    provider_id_code        INTEGER,
    gap_reason_code         INTEGER,
    gap_text_code           INTEGER,
    evidence_value_code     INTEGER,
    close_action_code       INTEGER
);

-- The open gaps again, once per practice that may see them: the attributed practice and every practice
-- holding a record of the patient (worklist_gap.practice_id and record_practice_ids), stored in (seen_by,
-- worklist) order so a practice user's worklist reads its practices' row groups and joins nothing.
-- Its columns are worklist_gap's but record_practice_ids, taken from that table so the two cannot drift.
CREATE TABLE IF NOT EXISTS worklist_gap_seen AS
SELECT
    NULL::VARCHAR AS seen_by,                          -- the practice that may see the row
    * EXCLUDE (record_practice_ids)
FROM worklist_gap
LIMIT 0;
-- It replaced worklist_gap_practice (keys only, joined back to worklist_gap per request); runs whose marts
-- were built before it are rebuilt on first use (the marker goes).
DROP TABLE IF EXISTS worklist_gap_practice;
DELETE FROM dashboard_mart_run
WHERE run_id IN (SELECT run_id FROM worklist_gap)
  AND run_id NOT IN (SELECT run_id FROM worklist_gap_seen);

-- The worklists everyone opens first, as GET /api/worklist sends them (Arrow IPC streams), built with the marts
-- (server/marts/worklist-stream.ts): the network's, each measure's network-wide (tens of thousands of gaps at
-- 1M patients) and each practice's as its users see it.
CREATE TABLE IF NOT EXISTS worklist_slice (
    run_id                  INTEGER NOT NULL,
    seen_by                 VARCHAR NOT NULL,          -- a practice (what its users see), or '*' = every practice
    measure_id              VARCHAR NOT NULL,          -- a measure, or '*' = every measure
    group_id                VARCHAR NOT NULL,          -- a population group, or '*' = every group of the measure
    ipc_gzip                BLOB NOT NULL,             -- the stream, gzipped (RFC 1952): sent with Content-Encoding gzip
    truncated               BOOLEAN NOT NULL,          -- more gaps than the route sends (X-Worklist-Truncated)
    patients                INTEGER NOT NULL           -- distinct patients in it (the audit's count)
);
-- Runs whose marts were built before it are rebuilt on first use (the marker goes).
DELETE FROM dashboard_mart_run
WHERE run_id IN (SELECT run_id FROM worklist_gap)
  AND run_id NOT IN (SELECT run_id FROM worklist_slice);

-- Every distinct text of a run's worklist, coded in text (binary) order, so ordering by a code orders by text.
CREATE TABLE IF NOT EXISTS worklist_text (
    run_id                  INTEGER NOT NULL,
    code                    INTEGER NOT NULL,
    value                   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS patient_card (
    run_id                  INTEGER NOT NULL,
    patient_id              VARCHAR NOT NULL,
    name                    VARCHAR,                   -- 'FAMILY, Given'
    birth_date              DATE,
    sex                     VARCHAR,
    race                    VARCHAR,                   -- CDC race code, 'multiple' or NULL (as measure_result.race)
    ethnicity               VARCHAR,
    postal_code             VARCHAR,
    attributed_practice_id  VARCHAR,                   -- patient_attribution for the run's period and method
    attributed_practice_name VARCHAR,
    attributed_provider_id  VARCHAR,
    attributed_provider_name VARCHAR,
    records                 STRUCT(practice_id VARCHAR, practice_name VARCHAR, source_patient_id VARCHAR,
                                   link_rule VARCHAR, link_score DOUBLE)[] NOT NULL,  -- linked practice records
    record_practice_ids     VARCHAR[] NOT NULL         -- practices holding a record of the patient (viewer scoping)
);

CREATE TABLE IF NOT EXISTS patient_measure (
    run_id                  INTEGER NOT NULL,
    patient_id              VARCHAR NOT NULL,
    measure_id              VARCHAR NOT NULL,
    group_id                VARCHAR NOT NULL,
    initial_population      BOOLEAN NOT NULL,
    denominator             BOOLEAN NOT NULL,
    denominator_exclusion   BOOLEAN NOT NULL,
    denominator_exception   BOOLEAN NOT NULL,
    numerator               BOOLEAN NOT NULL,
    gap                     BOOLEAN NOT NULL,
    gap_reason              VARCHAR,
    gap_text                VARCHAR,
    evidence_date           DATE,
    evidence_value          VARCHAR,
    evidence_table          VARCHAR,
    evidence_record_id      VARCHAR,
    evidence_source_id      VARCHAR,
    exclusion_reason        VARCHAR,
    close_by                DATE,
    close_action            VARCHAR
);

CREATE TABLE IF NOT EXISTS patient_timeline (
    run_id                  INTEGER NOT NULL,
    patient_id              VARCHAR NOT NULL,
    record_date             DATE,
    record_table            VARCHAR NOT NULL,          -- core table: observation, procedure, condition, encounter, ...
    record_id               VARCHAR NOT NULL,          -- its key in that table
    source_id               VARCHAR,                   -- its id in the sending EHR
    practice_id             VARCHAR,                   -- practice that sent it
    description             VARCHAR,                   -- display (or code) of its first coding
    value                   VARCHAR,                   -- the evidence value a measure read from it
    measure_ids             VARCHAR[] NOT NULL         -- measures whose outcome it decided (empty for context encounters)
);

-- The data-sources screen's per-practice completeness and linking (sql/marts/build/source_*.sql), rebuilt
-- after each load (server/marts/source-quality.ts); source_quality_build records the load state they were
-- built from (sql/marts/source_quality_state.sql), so a load by any path makes them stale, never wrong.
CREATE TABLE IF NOT EXISTS source_quality_build (
    load_state              VARCHAR NOT NULL,
    built_at                TIMESTAMP NOT NULL DEFAULT current_timestamp,
    build_ms                INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS source_practice (
    practice_id             VARCHAR NOT NULL,
    practice_name           VARCHAR,
    ehr                     VARCHAR,
    files                   BIGINT NOT NULL,
    rows_read               BIGINT NOT NULL,
    rows_loaded             BIGINT NOT NULL,
    rows_rejected           BIGINT NOT NULL,
    statuses                STRUCT(loaded BIGINT, empty BIGINT, failed BIGINT) NOT NULL,  -- files per status
    last_loaded_at          TIMESTAMP                  -- NULL without files
);
-- A build from before source_practice existed left it empty: the marts are rebuilt on next read.
DELETE FROM source_quality_build
WHERE (SELECT count(*) FROM source_practice) <> (SELECT count(*) FROM practice);

CREATE TABLE IF NOT EXISTS source_completeness (
    practice_id             VARCHAR NOT NULL,
    patients                BIGINT NOT NULL,           -- practice records (patient_record)
    patients_with_bp        BIGINT NOT NULL,
    bp_share                DOUBLE,                    -- 0-1; NULL without patients
    lab_results             BIGINT NOT NULL,
    lab_results_loinc       BIGINT NOT NULL,
    lab_loinc_share         DOUBLE,                    -- 0-1; NULL without lab results
    unmapped_local_codes    BIGINT NOT NULL,
    unmapped_observations   BIGINT NOT NULL            -- observations with no LOINC or SNOMED CT coding
);

CREATE TABLE IF NOT EXISTS source_linking (
    practice_id             VARCHAR NOT NULL,
    records                 BIGINT NOT NULL,
    patients                BIGINT NOT NULL,
    records_shared_with_other_practices BIGINT NOT NULL,
    min_link_score          DOUBLE,
    rules                   STRUCT(rule VARCHAR, records BIGINT)[]   -- NULL for a practice without records
);
