-- Terminology: canonical code systems and the value sets measures use.
-- Grain: code_system_alias = one spelling (URI, OID, VSAC name) of a code system -> its canonical name;
--        value_set = one value set version; value_set_code = one code in a value set's expansion.

CREATE TABLE IF NOT EXISTS code_system_alias (
    alias           VARCHAR PRIMARY KEY,   -- as written in a source, lower-cased
    code_system     VARCHAR NOT NULL       -- canonical name: LOINC, SNOMEDCT, ICD10CM, CPT, HCPCS, RXNORM, CVX, ...
);

CREATE TABLE IF NOT EXISTS value_set (
    value_set_id    VARCHAR NOT NULL,      -- OID, e.g. '2.16.840.1.113883.3.464.1003.101.12.1001'
    version         VARCHAR NOT NULL,
    name            VARCHAR,
    url             VARCHAR,
    source          VARCHAR NOT NULL,      -- file it came from
    expansion_total INTEGER,               -- expansion.total as declared
    code_count      INTEGER NOT NULL,      -- codes actually present
    complete        BOOLEAN NOT NULL,      -- code_count >= expansion_total (truncated expansions are flagged)
    expansion_hash  VARCHAR NOT NULL,      -- md5 of the sorted codes (+ declared total if truncated): a version can arrive as several
                                           -- expansions (a truncated copy and a full one); identical copies load once
    loaded_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (value_set_id, version, expansion_hash)
);

CREATE TABLE IF NOT EXISTS value_set_code (
    value_set_id    VARCHAR NOT NULL,
    version         VARCHAR NOT NULL,
    expansion_hash  VARCHAR NOT NULL,
    code_system     VARCHAR NOT NULL,      -- canonical name
    code            VARCHAR NOT NULL,
    display         VARCHAR
);

-- Local codes an EHR sends (e.g. in-house lab codes) mapped to standard ones, per practice.
CREATE TABLE IF NOT EXISTS local_code_map (
    practice_id     VARCHAR NOT NULL,
    local_system    VARCHAR NOT NULL,      -- as sent (canonicalised like any system)
    local_code      VARCHAR NOT NULL,
    code_system     VARCHAR NOT NULL,      -- canonical target system
    code            VARCHAR NOT NULL,
    display         VARCHAR
);

-- NUCC Health Care Provider Taxonomy -> CMS provider specialty code, for providers that send a taxonomy but
-- no CMS specialty (FHIR Practitioner.qualification). Seeded from sql/seed/provider_taxonomy_specialty.csv:
-- the primary-care taxonomies and the specialists of MSSP step 2, after CMS's "Medicare Provider and
-- Supplier Taxonomy Crosswalk" (geriatric medicine, family or internal, is specialty 38).
CREATE TABLE IF NOT EXISTS provider_taxonomy_specialty (
    taxonomy_code   VARCHAR PRIMARY KEY,   -- NUCC code, e.g. '207Q00000X'
    specialty_code  VARCHAR NOT NULL,      -- CMS specialty code, two characters ('08')
    taxonomy_name   VARCHAR
);
