-- Clinical rows the run's measures can use, each tagged with the role(s) its codes fall in, keyed by
-- enterprise patient, for the patients in m_patient only (patients.sql: those who can be in an initial
-- population). Measures and libraries read these small tables instead of the whole core tables.
-- Grain: m_hit = one row per clinical row x role it matches (table, row, role, the first coding that
--        does: i, and the first one of those with a display: di);
--        every m_<table> = one row per core row x role it matches (a row can match several roles), with
--        only the columns the measures and libraries read.
-- No parameters.
-- Codes resolve to roles once, for every clinical table together: the codings of all tables are unnested
-- in one projection (not a lateral join, which DuckDB plans as a far slower delimiter join), hash-joined
-- to m_code (a few thousand codes) and, for rows with several codings, grouped on integers; each
-- m_<table> then joins its hits back to its rows by rowid and to m_record for the enterprise patient.

CREATE OR REPLACE TEMP TABLE m_hit AS
WITH coded_row AS (                                 -- every clinical row with the codings its role rests on
    SELECT 'condition' AS source, rowid AS row_id, codings FROM condition
    UNION ALL SELECT 'encounter', rowid, type_codings FROM encounter
    UNION ALL SELECT 'observation', rowid, codings FROM observation
    UNION ALL SELECT 'procedure', rowid, codings FROM procedure
    UNION ALL SELECT 'service_request', rowid, codings FROM service_request
    UNION ALL SELECT 'device_request', rowid, codings FROM device_request
    UNION ALL SELECT 'medication_request', rowid, medication_codings FROM medication_request
),
coding AS (
    SELECT
        source,
        row_id,
        unnest(codings) AS c,
        generate_subscripts(codings, 1) AS i,
        len(codings) AS n
    FROM coded_row
),
hit AS (
    SELECT
        u.source,
        u.row_id,
        k.role_id,
        u.i,
        u.n,
        u.c.display IS NOT NULL AS has_display
    FROM coding u
    JOIN m_code k ON k.code_system = u.c.system AND k.code = u.c.code
)
-- A row with one coding matches each role once; only rows with several codings need grouping.
SELECT
    source,
    row_id,
    role_id,
    i,
    CASE WHEN has_display THEN i END AS di
FROM hit
WHERE n = 1
UNION ALL
SELECT
    source,
    row_id,
    role_id,
    min(i),
    min(i) FILTER (WHERE has_display)
FROM hit
WHERE n > 1
GROUP BY ALL;

-- Conditions with QICoreCommon prevalenceInterval(): [onset, abatement]. Active (or recurring, relapsed)
-- without abatement: open-ended; otherwise without abatement the end is unknown (prevalence_end_unknown).
-- The abatement point is abatementDateTime or the end of abatementInterval() of an abatementPeriod,
-- Interval[start, end): the instant before its end (a period ending 2026-01-01 ends on 2025-12-31).
-- verified: QICoreCommon verified() keeps conditions without verificationStatus or with one of
-- confirmed, unconfirmed, provisional, differential (not refuted, not entered-in-error).
CREATE OR REPLACE TEMP TABLE m_condition AS
SELECT
    x.patient_key,
    r.role,
    c.codings[h.i].code AS code,
    c.codings[h.di].display AS display,
    c.condition_id,
    c.source_id,
    c.verification_status,
    c.category_codes,
    c.body_site_codings,
    c.verification_status IS NULL
        OR lower(c.verification_status) IN ('confirmed', 'unconfirmed', 'provisional', 'differential') AS verified,
    c.onset_start AS prevalence_start,
    coalesce(c.abatement_end - INTERVAL 1 MILLISECOND, c.abatement_start) AS prevalence_end,
    coalesce(lower(c.clinical_status) NOT IN ('active', 'recurrence', 'relapse'), true)
        AND coalesce(c.abatement_end, c.abatement_start) IS NULL AS prevalence_end_unknown
FROM m_hit h
JOIN condition c ON c.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'condition';

-- Encounters, by Encounter.type.
CREATE OR REPLACE TEMP TABLE m_encounter AS
SELECT
    x.patient_key,
    r.role,
    e.type_codings[h.i].code AS code,
    e.type_codings[h.di].display AS display,
    e.encounter_id,
    e.source_id,
    e.status,
    is_encounter_performed(e.status) AS performed,
    e.class_code,
    e.period_start,
    e.period_end,
    e.discharge_disposition
FROM m_hit h
JOIN encounter e ON e.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'encounter';

-- Observations, by Observation.code. Blood pressure readings also by their systolic/diastolic
-- components, whatever panel code they were sent with (role blood_pressure, when a measure uses it;
-- code and display are then the observation's first coding).
CREATE OR REPLACE TEMP TABLE m_observation AS
WITH bp_role AS (
    SELECT role_id FROM m_role WHERE role = 'blood_pressure'
),
hit AS (
    SELECT
        row_id,
        role_id,
        i,
        coalesce(di, 1) AS di
    FROM m_hit
    WHERE source = 'observation'
    UNION ALL
    -- Readings with a systolic or diastolic component under another code; a reading whose code is in
    -- the blood_pressure role already has its hit (no coding with a display: the first coding's, as here).
    SELECT
        o.rowid,
        b.role_id,
        1,
        1
    FROM observation o, bp_role b
    WHERE (o.systolic IS NOT NULL OR o.diastolic IS NOT NULL)
      AND NOT EXISTS (
          SELECT 1 FROM m_hit h WHERE h.source = 'observation' AND h.row_id = o.rowid AND h.role_id = b.role_id
      )
)
SELECT
    x.patient_key,
    r.role,
    o.codings[h.i].code AS code,
    o.codings[h.di].display AS display,
    o.observation_id,
    o.source_id,
    o.encounter_id,
    o.status,
    o.category_codes,
    o.effective_start,
    o.effective_end,
    latest_of(o.effective_start, o.effective_end) AS effective_latest,
    o.value_num,
    o.value_unit,
    o.value_codings,
    -- CQL `value is not null`, for every value[x] type (computed at ingest, sql/schema/03_core.sql).
    coalesce(o.has_value, false) AS has_value,
    o.systolic,
    o.diastolic,
    o.issued,
    o.not_done,
    o.not_done_reason_codings
FROM hit h
JOIN observation o ON o.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id);

-- Procedures, by Procedure.code.
CREATE OR REPLACE TEMP TABLE m_procedure AS
SELECT
    x.patient_key,
    r.role,
    p.codings[h.i].code AS code,
    p.codings[h.di].display AS display,
    p.procedure_id,
    p.source_id,
    p.status,
    p.performed_start,
    p.performed_end,
    p.reason_codings
FROM m_hit h
JOIN procedure p ON p.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'procedure';

-- Service requests, by ServiceRequest.code.
CREATE OR REPLACE TEMP TABLE m_service_request AS
SELECT
    x.patient_key,
    r.role,
    s.codings[h.i].code AS code,
    s.codings[h.di].display AS display,
    s.service_request_id,
    s.source_id,
    s.status,
    s.intent,
    s.do_not_perform,
    s.authored_on,
    s.reason_codings,
    s.not_done_reason_codings
FROM m_hit h
JOIN service_request s ON s.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'service_request';

-- Device requests, by DeviceRequest.code.
CREATE OR REPLACE TEMP TABLE m_device_request AS
SELECT
    x.patient_key,
    r.role,
    d.codings[h.i].code AS code,
    d.codings[h.di].display AS display,
    d.device_request_id,
    d.source_id,
    d.status,
    d.intent,
    d.do_not_perform,
    d.authored_on
FROM m_hit h
JOIN device_request d ON d.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'device_request';

-- Medication requests, by the medication (code or resolved reference). period_start, period_end: the
-- CumulativeMedicationDuration medicationRequestPeriod() computed at ingest (both NULL when it is null).
CREATE OR REPLACE TEMP TABLE m_medication_request AS
SELECT
    x.patient_key,
    r.role,
    m.medication_codings[h.i].code AS code,
    m.medication_codings[h.di].display AS display,
    m.medication_request_id,
    m.source_id,
    m.status,
    m.intent,
    m.do_not_perform,
    m.authored_on,
    m.period_start,
    m.period_end,
    m.reason_codings,
    m.not_done_reason_codings
FROM m_hit h
JOIN medication_request m ON m.rowid = h.row_id
JOIN m_record x USING (patient_record_id)
JOIN m_role r USING (role_id)
WHERE h.source = 'medication_request';
