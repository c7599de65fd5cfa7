-- What each clinical table gives the run's fact tables (fact_rows.sql builds m_<table> from m_<table>_source):
-- its rows of the patients in m_patient only (patients.sql: those who can be in an initial population),
-- keyed by enterprise patient, with the codings its roles rest on (codings) and only the columns the
-- measures and libraries read, derived ones included.
-- Grain: every m_<table>_source = one TEMP view row per core row of those patients; row_id is its rowid.
-- No parameters.

-- Conditions with QICoreCommon prevalenceInterval(): [onset, abatement]. Active (or recurring, relapsed)
-- without abatement: open-ended; otherwise without abatement the end is unknown (prevalence_end_unknown).
-- The abatement point is abatementDateTime or the end of abatementInterval() of an abatementPeriod,
-- Interval[start, end): the instant before its end (a period ending 2026-01-01 ends on 2025-12-31).
-- verified: QICoreCommon verified() keeps conditions without verificationStatus or with one of
-- confirmed, unconfirmed, provisional, differential (not refuted, not entered-in-error).
CREATE OR REPLACE TEMP VIEW m_condition_source AS
SELECT
    c.rowid AS row_id,
    x.patient_key,
    c.codings,
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
FROM condition c
JOIN m_record x USING (patient_record_id);

-- Encounters, by Encounter.type.
CREATE OR REPLACE TEMP VIEW m_encounter_source AS
SELECT
    e.rowid AS row_id,
    x.patient_key,
    e.type_codings AS codings,
    e.encounter_id,
    e.source_id,
    e.status,
    is_encounter_performed(e.status) AS performed,
    e.class_code,
    e.period_start,
    e.period_end,
    e.discharge_disposition
FROM encounter e
JOIN m_record x USING (patient_record_id);

-- Observations, by Observation.code (blood pressure readings also by their components:
-- blood_pressure_readings.sql).
CREATE OR REPLACE TEMP VIEW m_observation_source AS
SELECT
    o.rowid AS row_id,
    x.patient_key,
    o.codings,
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
FROM observation o
JOIN m_record x USING (patient_record_id);

-- Procedures, by Procedure.code.
CREATE OR REPLACE TEMP VIEW m_procedure_source AS
SELECT
    p.rowid AS row_id,
    x.patient_key,
    p.codings,
    p.procedure_id,
    p.source_id,
    p.status,
    p.performed_start,
    p.performed_end,
    p.reason_codings
FROM procedure p
JOIN m_record x USING (patient_record_id);

-- Service requests, by ServiceRequest.code.
CREATE OR REPLACE TEMP VIEW m_service_request_source AS
SELECT
    s.rowid AS row_id,
    x.patient_key,
    s.codings,
    s.service_request_id,
    s.source_id,
    s.status,
    s.intent,
    s.do_not_perform,
    s.authored_on,
    s.reason_codings,
    s.not_done_reason_codings
FROM service_request s
JOIN m_record x USING (patient_record_id);

-- Device requests, by DeviceRequest.code.
CREATE OR REPLACE TEMP VIEW m_device_request_source AS
SELECT
    d.rowid AS row_id,
    x.patient_key,
    d.codings,
    d.device_request_id,
    d.source_id,
    d.status,
    d.intent,
    d.do_not_perform,
    d.authored_on
FROM device_request d
JOIN m_record x USING (patient_record_id);

-- Medication requests, by the medication (code or resolved reference). period_start, period_end: the
-- CumulativeMedicationDuration medicationRequestPeriod() computed at ingest (both NULL when it is null).
CREATE OR REPLACE TEMP VIEW m_medication_request_source AS
SELECT
    m.rowid AS row_id,
    x.patient_key,
    m.medication_codings AS codings,
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
FROM medication_request m
JOIN m_record x USING (patient_record_id);
