-- Reference data for patient linking (server/ingest/link-patients.ts).
-- Grain: one row per (nickname, canonical given name) pair; a nickname may stand for several names
-- (AL -> ALBERT, ALFRED, ...). Seeded from sql/seed/given_name_nickname.csv; names are upper-case.

CREATE TABLE IF NOT EXISTS given_name_nickname (
    nickname        VARCHAR NOT NULL,
    canonical       VARCHAR NOT NULL,
    PRIMARY KEY (nickname, canonical)
);
