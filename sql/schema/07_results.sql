-- Measure results: what every dashboard, gap list, patient page and export reads.
-- Grain: measure_run = one computation of a set of measures for one measurement period;
--        measure_result = one run x measure x population group x enterprise patient in the initial
--        population (patients outside the initial population have no row: every flag would be false);
--        measure_run_value_set = one run x value set its measures name;
--        measure_result_monthly = one run x measure x group x month end x attributed practice x payer.

CREATE SEQUENCE IF NOT EXISTS measure_run_seq START 1;

CREATE TABLE IF NOT EXISTS measure_run (
    run_id              INTEGER PRIMARY KEY DEFAULT nextval('measure_run_seq'),
    started_at          TIMESTAMP NOT NULL DEFAULT current_timestamp,
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,          -- running | finished | failed
    period_start        DATE NOT NULL,             -- measurement period, both ends inclusive
    period_end          DATE NOT NULL,
    as_of               DATE NOT NULL,             -- data cut-off the gaps are stated against
    measures            VARCHAR[] NOT NULL,        -- measure ids computed
    attribution_method  VARCHAR NOT NULL,          -- patient_attribution method behind practice_id/provider_id
    patient_count       BIGINT,                    -- enterprise patients considered
    error               VARCHAR                    -- why a failed run failed
);

CREATE TABLE IF NOT EXISTS measure_result (
    run_id              INTEGER NOT NULL,
    measure_id          VARCHAR NOT NULL,          -- registry id, e.g. 'cms122'
    group_id            VARCHAR NOT NULL,          -- population group, e.g. 'Group_1'
    period_start        DATE NOT NULL,
    period_end          DATE NOT NULL,
    patient_id          VARCHAR NOT NULL,          -- enterprise patient (patient_record_link.patient_id)
    -- Population flags (eCQM proportion scoring: exclusion and exception win over numerator).
    initial_population  BOOLEAN NOT NULL,
    denominator         BOOLEAN NOT NULL,
    denominator_exclusion BOOLEAN NOT NULL,
    denominator_exception BOOLEAN NOT NULL,
    numerator           BOOLEAN NOT NULL,
    gap                 BOOLEAN NOT NULL,          -- counts against the measure's goal (numerator for inverse measures)
    -- Strata.
    stratum             VARCHAR,                   -- measure-defined stratification, when the measure has one
    age                 INTEGER,                   -- age in years at the end of the period
    age_band            VARCHAR,                   -- e.g. '18-44', '65-74'
    sex                 VARCHAR,                   -- administrative gender
    race                VARCHAR,                   -- CDC race code, 'multiple' or NULL
    ethnicity           VARCHAR,                   -- CDC ethnicity code or NULL
    payer               VARCHAR,                   -- SOP payer type of the latest coverage overlapping the period
    -- Attribution for the run's period and method (patient_attribution); NULL = unattributed.
    practice_id         VARCHAR,
    provider_id         VARCHAR,
    -- The record that decided the outcome (the exclusion's evidence for excluded patients).
    evidence_date       DATE,
    evidence_value      VARCHAR,                   -- e.g. '9.4 %', '138/86 mm[Hg]'
    evidence_table      VARCHAR,                   -- core table of the record, e.g. 'observation'
    evidence_record_id  VARCHAR,                   -- its key in that table
    evidence_source_id  VARCHAR,                   -- its id in the sending EHR
    exclusion_reason    VARCHAR,                   -- coded: Hospice, PalliativeCare, AdvancedIllnessFrailty, NursingHome, ...
    gap_reason          VARCHAR,                   -- coded: Present, NotFound, DateOutOfRange, ValueOutOfRange, NoResult, NotDone
    gap_text            VARCHAR,                   -- one plain sentence for people
    close_by            DATE,                      -- last day an action can still close the gap
    close_action        VARCHAR,                   -- what would close it
    -- The days the numerator began or stopped holding with the data up to that day, in order (outcome rows;
    -- NULL or empty: never held): it holds after an odd number of them, so the month-end trend counts the
    -- patient in the months it held (monthly_results.sql). A day before the period counts from its first
    -- month, one after its end in its last; all of them give the period's numerator.
    numerator_changes   DATE[]
);

-- Databases made before numerator_changes: their rows keep NULL, so their trend stays by evidence date.
ALTER TABLE measure_result ADD COLUMN IF NOT EXISTS numerator_changes DATE[];

-- The value set expansions a run resolved its roles to (value_set_effective at run time). A value set a
-- measure names but no loaded file provides has version NULL, code_count 0 and complete = false.
CREATE TABLE IF NOT EXISTS measure_run_value_set (
    run_id              INTEGER NOT NULL,
    value_set_id        VARCHAR NOT NULL,          -- OID
    name                VARCHAR,
    version             VARCHAR,
    code_count          INTEGER NOT NULL,          -- codes the run matched against
    expansion_total     INTEGER,                   -- expansion.total as declared
    complete            BOOLEAN NOT NULL,          -- false: truncated or missing expansion, results may undercount
    PRIMARY KEY (run_id, value_set_id)
);

-- Year-to-date trend: each measure's populations as of every month end of the run's period, derived from
-- measure_result without re-running the measure (sql/measures/shared/monthly_results.sql states the rule).
-- Denominator, exclusions and exceptions are the period's; the numerator is the one the data up to each month
-- end gives (measure_result.numerator_changes), so it can fall as well as rise.
CREATE TABLE IF NOT EXISTS measure_result_monthly (
    run_id              INTEGER NOT NULL,
    measure_id          VARCHAR NOT NULL,
    group_id            VARCHAR NOT NULL,
    month_end           DATE NOT NULL,             -- last day of the month, or period_end in the last month
    practice_id         VARCHAR,                   -- attributed practice; NULL = unattributed patients
    payer               VARCHAR,                   -- measure_result.payer (SOP payer type); NULL = unknown
    denominator         BIGINT NOT NULL,
    denominator_exclusion BIGINT NOT NULL,
    denominator_exception BIGINT NOT NULL,
    numerator           BIGINT NOT NULL            -- numerator patients whose deciding evidence is dated by month_end
);
