-- Clinical rows the run's measures can use, each tagged with the role(s) its codes fall in, keyed by
-- enterprise patient. Each clinical table is scanned once per run here: its codings are unnested and
-- hash-joined to m_code (a few thousand codes), so measures and libraries read these small tables
-- instead of the whole core tables.
-- Grain of every m_<table>: one row per core row x role it matches (a row can match several roles).
-- No parameters.
-- Codings are unnested in a projection (not a lateral join, which DuckDB plans as a far slower
-- delimiter join) and the hits joined back to their rows by rowid.

-- Conditions with QICoreCommon prevalenceInterval(): [onset, abatement]. Active (or recurring, relapsed)
-- without abatement: open-ended; otherwise without abatement the end is unknown (prevalence_end_unknown).
-- The abatement point is abatementDateTime or the end of abatementPeriod.
-- verified: QICoreCommon verified() keeps conditions without verificationStatus or with one of
-- confirmed, unconfirmed, provisional, differential (not refuted, not entered-in-error).
CREATE OR REPLACE TEMP TABLE m_condition AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(codings) AS coding FROM condition) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    c.condition_id,
    c.practice_id,
    c.source_id,
    c.clinical_status,
    c.verification_status,
    c.category_codes,
    c.body_site_codings,
    c.verification_status IS NULL
        OR lower(c.verification_status) IN ('confirmed', 'unconfirmed', 'provisional', 'differential') AS verified,
    c.onset_start AS prevalence_start,
    coalesce(c.abatement_end, c.abatement_start) AS prevalence_end,
    coalesce(lower(c.clinical_status) NOT IN ('active', 'recurrence', 'relapse'), true)
        AND coalesce(c.abatement_end, c.abatement_start) IS NULL AS prevalence_end_unknown
FROM hit h
JOIN condition c ON c.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Encounters, by Encounter.type.
CREATE OR REPLACE TEMP TABLE m_encounter AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(type_codings) AS coding FROM encounter) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    e.encounter_id,
    e.practice_id,
    e.source_id,
    e.status,
    is_encounter_performed(e.status) AS performed,
    e.class_code,
    e.period_start,
    e.period_end,
    e.discharge_disposition,
    e.provider_id
FROM hit h
JOIN encounter e ON e.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Observations, by Observation.code. Blood pressure readings also by their systolic/diastolic
-- components, whatever panel code they were sent with (role blood_pressure, when a measure uses it).
CREATE OR REPLACE TEMP TABLE m_observation AS
WITH coded AS (
    SELECT
        u.row_id,
        k.role,
        u.coding.code,
        u.coding.display
    FROM (SELECT rowid AS row_id, unnest(codings) AS coding FROM observation) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    UNION ALL
    SELECT
        o.rowid,
        'blood_pressure',
        NULL,
        NULL
    FROM observation o
    WHERE (o.systolic IS NOT NULL OR o.diastolic IS NOT NULL)
      AND EXISTS (SELECT 1 FROM m_role WHERE role = 'blood_pressure')
),
hit AS (
    SELECT
        row_id,
        role,
        any_value(code) AS code,
        any_value(display) AS display
    FROM coded
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    coalesce(h.code, o.codings[1].code) AS code,
    coalesce(h.display, o.codings[1].display) AS display,
    o.observation_id,
    o.practice_id,
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
    o.value_num IS NOT NULL OR coalesce(len(o.value_codings), 0) > 0 OR o.value_boolean IS NOT NULL
        OR o.value_string IS NOT NULL AS has_value,
    o.systolic,
    o.diastolic,
    o.issued,
    o.not_done,
    o.not_done_reason_codings
FROM hit h
JOIN observation o ON o.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Procedures, by Procedure.code.
CREATE OR REPLACE TEMP TABLE m_procedure AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(codings) AS coding FROM procedure) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    p.procedure_id,
    p.practice_id,
    p.source_id,
    p.status,
    p.performed_start,
    p.performed_end,
    p.reason_codings
FROM hit h
JOIN procedure p ON p.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Service requests, by ServiceRequest.code.
CREATE OR REPLACE TEMP TABLE m_service_request AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(codings) AS coding FROM service_request) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    s.service_request_id,
    s.practice_id,
    s.source_id,
    s.status,
    s.intent,
    s.do_not_perform,
    s.authored_on,
    s.reason_codings,
    s.not_done_reason_codings
FROM hit h
JOIN service_request s ON s.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Device requests, by DeviceRequest.code.
CREATE OR REPLACE TEMP TABLE m_device_request AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(codings) AS coding FROM device_request) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    d.device_request_id,
    d.practice_id,
    d.source_id,
    d.status,
    d.intent,
    d.do_not_perform,
    d.authored_on
FROM hit h
JOIN device_request d ON d.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);

-- Medication requests, by the medication (code or resolved reference).
CREATE OR REPLACE TEMP TABLE m_medication_request AS
WITH hit AS (
    SELECT
        u.row_id,
        k.role,
        any_value(u.coding.code) AS code,
        any_value(u.coding.display) AS display
    FROM (SELECT rowid AS row_id, unnest(medication_codings) AS coding FROM medication_request) u
    JOIN m_code k ON k.code_system = u.coding.system AND k.code = u.coding.code
    GROUP BY ALL
)
SELECT
    l.patient_id,
    h.role,
    h.code,
    h.display,
    m.medication_request_id,
    m.practice_id,
    m.source_id,
    m.status,
    m.intent,
    m.do_not_perform,
    m.authored_on,
    m.supply_days,
    m.reason_codings,
    m.not_done_reason_codings
FROM hit h
JOIN medication_request m ON m.rowid = h.row_id
JOIN patient_record_link l USING (patient_record_id);
