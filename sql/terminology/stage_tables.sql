-- Work tables of one value-set load (temp, on the loading connection). Parameters: none.
-- value_set_doc: one row per JSON file read (source = file path).
-- value_set_stage: one row per value set found (source, value_set_id); `enumerated` = its definition lists every
--   code (an expansion, or a compose made only of concept lists), so the codes staged are the whole set.
-- value_set_code_stage: one row per distinct (source, value_set_id, code_system, code).
CREATE OR REPLACE TEMP TABLE value_set_doc (
    source          VARCHAR NOT NULL,
    doc             JSON NOT NULL
);

CREATE OR REPLACE TEMP TABLE value_set_stage (
    source          VARCHAR NOT NULL,
    value_set_id    VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    name            VARCHAR,
    url             VARCHAR,
    expansion_total INTEGER,
    enumerated      BOOLEAN NOT NULL
);

CREATE OR REPLACE TEMP TABLE value_set_code_stage (
    source          VARCHAR NOT NULL,
    value_set_id    VARCHAR NOT NULL,
    code_system     VARCHAR NOT NULL,
    code            VARCHAR NOT NULL,
    display         VARCHAR
);
