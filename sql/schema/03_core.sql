-- Core clinical model: one normalized shape for what every member EHR sends.
-- Every row keeps practice_id, source_file_id and source_id (the id in the sending EHR).
-- Keys are "<practice_id>/<source_id>" strings so two practices' ids never collide.
-- Timestamps are UTC (FHIR dateTimes with offsets are converted; values without an offset are taken as UTC);
-- a date-only value is midnight of that day. A coding is STRUCT(system, code, display) with the
-- canonical system name (see code_system_alias); local codes are mapped during normalisation and
-- the original kept as an extra coding.
-- Patients are keyed per practice record here; patient_link maps records to enterprise patients.

CREATE TABLE IF NOT EXISTS patient_record (
    patient_record_id   VARCHAR NOT NULL,          -- practice_id/source_id
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    mrn                 VARCHAR,
    mbi                 VARCHAR,                   -- Medicare Beneficiary Identifier
    member_id           VARCHAR,                   -- payer member id
    family_name         VARCHAR,
    given_names         VARCHAR[],
    birth_date          DATE,
    sex                 VARCHAR,                   -- FHIR administrative gender: male | female | other | unknown
    sex_code            VARCHAR,                   -- US Core sex extension (SNOMED CT: 248152002 female, 248153007 male), when sent
    race_codes          VARCHAR[],                 -- CDC race (OMB category) codes, e.g. '2106-3'
    ethnicity_codes     VARCHAR[],                 -- CDC ethnicity codes, e.g. '2186-5'
    address_line        VARCHAR,
    city                VARCHAR,
    state               VARCHAR,
    zip                 VARCHAR,
    phone               VARCHAR,
    deceased_at         TIMESTAMP,
    deceased            BOOLEAN,
    active              BOOLEAN,
    pcp_provider_id     VARCHAR                    -- generalPractitioner, when sent
);

-- One enterprise patient per real person, after linking across practices.
CREATE TABLE IF NOT EXISTS patient (
    patient_id          VARCHAR PRIMARY KEY,
    family_name         VARCHAR,
    given_name          VARCHAR,
    birth_date          DATE,
    sex                 VARCHAR,
    race_codes          VARCHAR[],
    ethnicity_codes     VARCHAR[],
    zip                 VARCHAR,
    mbi                 VARCHAR,
    deceased_at         TIMESTAMP
);

CREATE TABLE IF NOT EXISTS patient_link (
    patient_record_id   VARCHAR PRIMARY KEY,
    patient_id          VARCHAR NOT NULL,
    rule                VARCHAR NOT NULL,          -- e.g. MBI, MEMBER_ID, DEMOGRAPHIC_EXACT, DEMOGRAPHIC_FUZZY, SINGLETON
    score               DOUBLE NOT NULL,           -- 0..1 confidence of the rule that linked it
    linked_at           TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS provider (
    provider_id         VARCHAR NOT NULL,          -- practice_id/source_id
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    npi                 VARCHAR,
    family_name         VARCHAR,
    given_name          VARCHAR,
    specialty_code      VARCHAR,                   -- CMS specialty code when known
    is_pcp              BOOLEAN
);

CREATE TABLE IF NOT EXISTS organization (
    organization_id     VARCHAR NOT NULL,          -- practice_id/source_id
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    name                VARCHAR,
    identifier          VARCHAR,                   -- NPI/TIN/payer id as sent
    type_code           VARCHAR                    -- e.g. 'prov', 'pay'
);

CREATE TABLE IF NOT EXISTS encounter (
    encounter_id        VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    status              VARCHAR,
    class_code          VARCHAR,                   -- v3 ActCode: AMB, IMP, EMER, HH, VR, ...
    type_codings        STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    period_start        TIMESTAMP,
    period_end          TIMESTAMP,
    discharge_disposition STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    diagnosis_condition_ids VARCHAR[],             -- Encounter.diagnosis.condition as condition_id keys
    provider_id         VARCHAR                    -- primary performer (participant), when sent
);

CREATE TABLE IF NOT EXISTS condition (
    condition_id        VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    category_codes      VARCHAR[],                 -- problem-list-item | encounter-diagnosis | health-concern
    clinical_status     VARCHAR,                   -- active | recurrence | relapse | inactive | remission | resolved
    verification_status VARCHAR,                   -- confirmed | unconfirmed | refuted | entered-in-error | ...
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    body_site_codings   STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    onset_start         TIMESTAMP,                 -- onsetDateTime or onsetPeriod.start
    onset_end           TIMESTAMP,                 -- onsetPeriod.end (NULL for onsetDateTime)
    abatement_start     TIMESTAMP,                 -- abatementDateTime or abatementPeriod.start
    abatement_end       TIMESTAMP,
    recorded_at         TIMESTAMP
);

CREATE TABLE IF NOT EXISTS observation (
    observation_id      VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    encounter_id        VARCHAR,
    status              VARCHAR,                   -- final | amended | corrected | preliminary | cancelled | ...
    category_codes      VARCHAR[],                 -- vital-signs | laboratory | survey | social-history | ...
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    effective_start     TIMESTAMP,                 -- effectiveDateTime/Instant, or effectivePeriod.start
    effective_end       TIMESTAMP,                 -- effectivePeriod.end; = start for a point in time
    issued              TIMESTAMP,
    value_num           DOUBLE,                    -- valueQuantity.value / valueInteger
    value_unit          VARCHAR,                   -- UCUM code when sent, else unit text
    value_codings       STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    value_boolean       BOOLEAN,
    value_string        VARCHAR,
    systolic            DOUBLE,                    -- component LOINC 8480-6 (mm[Hg])
    diastolic           DOUBLE,                    -- component LOINC 8462-4 (mm[Hg])
    components          STRUCT(codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[], value_num DOUBLE, value_unit VARCHAR)[],
    data_absent_reason  VARCHAR,
    not_done            BOOLEAN NOT NULL DEFAULT false,  -- negation: status cancelled + notDoneReason, or doNotPerform
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    -- CQL `value is not null` (FHIRHelpers ToValue) for any value[x] sent, computed at ingest
    -- (sql/normalize/fhir/observation.sql, csv/results.sql): also a text-only CodeableConcept, a Range, a
    -- Ratio, a Period, a dateTime, a time or SampledData, which the value columns above do not keep.
    has_value           BOOLEAN
);

-- Databases made before has_value: add it, and give the rows loaded then what their stored value columns
-- show (what the measures computed before; loading the files again also counts the value[x] types above
-- that were not kept). Rows loaded since always have it (true or false), so they do not match.
ALTER TABLE observation ADD COLUMN IF NOT EXISTS has_value BOOLEAN;
UPDATE observation
SET has_value = value_num IS NOT NULL OR coalesce(len(value_codings), 0) > 0 OR value_boolean IS NOT NULL
    OR value_string IS NOT NULL
WHERE has_value IS NULL;

CREATE TABLE IF NOT EXISTS procedure (
    procedure_id        VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    encounter_id        VARCHAR,
    status              VARCHAR,                   -- completed | not-done | in-progress | ...
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    body_site_codings   STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    performed_start     TIMESTAMP,                 -- performedDateTime or performedPeriod.start
    performed_end       TIMESTAMP,
    recorded_at         TIMESTAMP,                 -- qicore-recorded extension
    reason_codings      STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    not_done            BOOLEAN NOT NULL DEFAULT false,
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],  -- statusReason
    provider_id         VARCHAR
);

-- FHIR Medication resources, kept so a MedicationRequest.medicationReference can be resolved when the
-- Medication arrived in another file (Bulk Data sends Medication.ndjson apart from MedicationRequest.ndjson).
CREATE TABLE IF NOT EXISTS medication (
    medication_id       VARCHAR NOT NULL,          -- practice_id/source_id
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[]
);

CREATE TABLE IF NOT EXISTS medication_request (
    medication_request_id VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    encounter_id        VARCHAR,
    status              VARCHAR,                   -- active | completed | cancelled | ...
    intent              VARCHAR,                   -- order | plan | proposal | ...
    do_not_perform      BOOLEAN NOT NULL DEFAULT false,
    medication_codings  STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],  -- medicationReference resolved
    authored_on         TIMESTAMP,
    reason_codings      STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    supply_days         DOUBLE,                    -- dispenseRequest.expectedSupplyDuration in days (CSV: supply_days)
    provider_id         VARCHAR,                   -- requester
    -- The request's period as CumulativeMedicationDuration medicationRequestPeriod() returns it, computed at
    -- ingest (sql/normalize/fhir/medication_request.sql, csv/medications.sql); both NULL when CMD's is null.
    period_start        DATE,
    period_end          DATE
);

-- Databases made before the period columns: add them, and give the rows loaded then the period their
-- stored facts allow, [authored_on, authored_on + supply_days - 1] (what the measures computed before;
-- refills, dosage and bounds were not kept, so loading the files again gives the full CMD period). Rows
-- loaded since do not match: ingest gives every row with a supply of a day or more and an authored date a
-- period (unless its end would not fit a DATE, which the last condition leaves alone here too).
ALTER TABLE medication_request ADD COLUMN IF NOT EXISTS period_start DATE;
ALTER TABLE medication_request ADD COLUMN IF NOT EXISTS period_end DATE;
UPDATE medication_request
SET period_start = authored_on::DATE,
    period_end = try(authored_on::DATE + CAST(trunc(supply_days - 1) AS INTEGER))
WHERE period_start IS NULL
  AND supply_days >= 1
  AND authored_on IS NOT NULL
  AND try(authored_on::DATE + CAST(trunc(supply_days - 1) AS INTEGER)) IS NOT NULL;

CREATE TABLE IF NOT EXISTS service_request (
    service_request_id  VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    encounter_id        VARCHAR,
    status              VARCHAR,
    intent              VARCHAR,
    do_not_perform      BOOLEAN NOT NULL DEFAULT false,
    category_codes      VARCHAR[],
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    authored_on         TIMESTAMP,
    reason_codings      STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],  -- doNotPerformReason / reasonRefused
    provider_id         VARCHAR
);

CREATE TABLE IF NOT EXISTS device_request (
    device_request_id   VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    status              VARCHAR,
    intent              VARCHAR,
    do_not_perform      BOOLEAN NOT NULL DEFAULT false,   -- qicore-doNotPerform modifierExtension
    codings             STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    authored_on         TIMESTAMP,
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[]
);

CREATE TABLE IF NOT EXISTS immunization (
    immunization_id     VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    status              VARCHAR,                   -- completed | not-done | entered-in-error
    vaccine_codings     STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],
    occurrence_at       TIMESTAMP,
    recorded_at         TIMESTAMP,
    not_done_reason_codings STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[]
);

CREATE TABLE IF NOT EXISTS coverage (
    coverage_id         VARCHAR NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    status              VARCHAR,
    type_codings        STRUCT(system VARCHAR, code VARCHAR, display VARCHAR)[],  -- SOP payer typology
    payer_name          VARCHAR,
    payer_id            VARCHAR,                   -- payor reference / payer identifier
    product             VARCHAR,                   -- e.g. Medicare FFS, Medicare Advantage, Commercial HMO
    subscriber_id       VARCHAR,
    period_start        TIMESTAMP,
    period_end          TIMESTAMP
);

-- Claim lines (from FHIR Claim/ExplanationOfBenefit, CSV claims, later CCLF): expenditures and
-- claims-based attribution.
CREATE TABLE IF NOT EXISTS claim_line (
    claim_id            VARCHAR NOT NULL,          -- practice_id/source claim id
    line_no             INTEGER NOT NULL,
    practice_id         VARCHAR NOT NULL,
    source_file_id      INTEGER NOT NULL,
    source_id           VARCHAR NOT NULL,
    patient_record_id   VARCHAR NOT NULL,
    claim_type          VARCHAR,                   -- professional | institutional | pharmacy
    service_from        DATE,
    service_to          DATE,
    rendering_npi       VARCHAR,
    billing_tin         VARCHAR,
    place_of_service    VARCHAR,
    procedure_system    VARCHAR,                   -- CPT | HCPCS
    procedure_code      VARCHAR,
    revenue_code        VARCHAR,
    diagnosis_codes     VARCHAR[],                 -- ICD-10-CM, principal first
    units               DOUBLE,
    allowed_amount      DECIMAL(14, 2),
    paid_amount         DECIMAL(14, 2)
);
