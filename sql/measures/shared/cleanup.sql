-- Drops the run's temp tables from the connection (they hold a copy of the relevant clinical rows) and
-- resets its session settings (session.sql). No parameters.

RESET SESSION preserve_insertion_order;

DROP VIEW IF EXISTS m_condition_source;
DROP VIEW IF EXISTS m_encounter_source;
DROP VIEW IF EXISTS m_observation_source;
DROP VIEW IF EXISTS m_procedure_source;
DROP VIEW IF EXISTS m_service_request_source;
DROP VIEW IF EXISTS m_device_request_source;
DROP VIEW IF EXISTS m_medication_request_source;
DROP TABLE IF EXISTS m_role;
DROP TABLE IF EXISTS m_code;
DROP TABLE IF EXISTS m_patient;
DROP TABLE IF EXISTS m_record;
DROP TABLE IF EXISTS m_condition;
DROP TABLE IF EXISTS m_encounter;
DROP TABLE IF EXISTS m_observation;
DROP TABLE IF EXISTS m_procedure;
DROP TABLE IF EXISTS m_service_request;
DROP TABLE IF EXISTS m_device_request;
DROP TABLE IF EXISTS m_medication_request;
DROP TABLE IF EXISTS m_hospice;
DROP TABLE IF EXISTS m_palliative_care;
DROP TABLE IF EXISTS m_advanced_illness_frailty;
DROP TABLE IF EXISTS m_nursing_home;
DROP TABLE IF EXISTS m_adult_outpatient_encounters;
DROP TABLE IF EXISTS m_measure_rows;
DROP VIEW IF EXISTS m_run_rows;
