-- Users, server-side sessions and the patient-access audit log (server/auth/).
-- app_user: one row per user; passwords are argon2id PHC strings, never plain text.
-- user_session: one row per signed-in browser; keyed by the sha256 of the cookie's random id, so the
--   table alone cannot be replayed as cookies; csrf_token is the synchronizer token state-changing
--   requests must echo in X-CSRF-Token.
-- audit_log: one row per patient-level read or export (45 CFR 164.312(b), audit controls). Append-only:
--   the application has an INSERT (sql/auth/audit_insert.sql) and reads, and no UPDATE or DELETE.
CREATE SEQUENCE IF NOT EXISTS app_user_id_seq START 1;
CREATE TABLE IF NOT EXISTS app_user (
    user_id         INTEGER PRIMARY KEY DEFAULT nextval('app_user_id_seq'),
    username        VARCHAR NOT NULL UNIQUE,
    password_hash   VARCHAR NOT NULL,
    role            VARCHAR NOT NULL CHECK (role IN ('admin', 'network', 'practice', 'exporter')),
    -- the practices a 'practice' user may see; empty for every other role
    practice_ids    VARCHAR[] NOT NULL DEFAULT [],
    disabled        BOOLEAN NOT NULL DEFAULT false,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    CHECK ((role = 'practice') = (len(practice_ids) > 0))
);

CREATE TABLE IF NOT EXISTS user_session (
    session_hash    VARCHAR PRIMARY KEY,
    user_id         INTEGER NOT NULL,
    csrf_token      VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    expires_at      TIMESTAMP NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS audit_log_id_seq START 1;
CREATE TABLE IF NOT EXISTS audit_log (
    audit_id        BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id_seq'),
    accessed_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_id         INTEGER NOT NULL,
    username        VARCHAR NOT NULL,
    role            VARCHAR NOT NULL,
    -- the route pattern (e.g. /api/patients/:patientId) and the request as sent (method and URL)
    route           VARCHAR NOT NULL,
    request         VARCHAR NOT NULL,
    -- the patients shown, when the route names them; always how many
    patient_ids     VARCHAR[],
    patient_count   INTEGER NOT NULL
);
