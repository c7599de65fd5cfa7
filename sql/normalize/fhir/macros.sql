-- Helpers for the FHIR normalisation files, created once per connection (TEMP: nothing is persisted;
-- server/ingest/session-macros.ts). No parameters.

-- CodeableConcept -> STRUCT(system, code, display)[] with canonical systems (code_system_of:
-- sql/normalize/code_systems.sql), NULL when absent.
CREATE OR REPLACE TEMP MACRO fhir_codings(cc) AS
    list_transform(cc.coding, c -> {'system': code_system_of(c.system), 'code': trim(c.code), 'display': c.display});

-- CodeableConcept[] -> all their codings, flattened.
CREATE OR REPLACE TEMP MACRO fhir_codings_of(ccs) AS
    flatten(list_transform(ccs, cc -> coalesce(fhir_codings(cc), [])));

-- CodeableConcept[] -> codes; a concept sent with text only contributes its text (e.g. category "laboratory").
CREATE OR REPLACE TEMP MACRO fhir_codes_of(ccs) AS
    flatten(list_transform(ccs, cc -> CASE
        WHEN len(list_filter(cc.coding, c -> c.code IS NOT NULL)) > 0
            THEN list_transform(list_filter(cc.coding, c -> c.code IS NOT NULL), c -> trim(c.code))
        WHEN cc.text IS NOT NULL THEN [cc.text]
        ELSE []
    END));

-- The first code of a CodeableConcept (status-like concepts: clinicalStatus, class, gender identity...).
CREATE OR REPLACE TEMP MACRO fhir_code(cc) AS
    coalesce(list_filter(cc.coding, c -> c.code IS NOT NULL)[1].code, cc.text);

-- FHIR date/dateTime/instant -> UTC TIMESTAMP (FHIR R4 §2.24.0.1 "Primitive Types"):
-- YYYY and YYYY-MM are valid partial dates and take their first instant; an offset (Z, +hh:mm, -hh:mm)
-- is converted to UTC (the TIMESTAMPTZ cast parses it; epoch_us is the UTC instant whatever the
-- session's TimeZone); a value without an offset is taken as UTC. NULL when the text is not a date.
-- (AT TIME ZONE 'UTC' gives the same result but costs ~4x the time and ~8 ms to bind per use.)
CREATE OR REPLACE TEMP MACRO fhir_instant(s) AS CASE
    WHEN length(s) = 4 THEN try_cast(s || '-01-01' AS TIMESTAMP)
    WHEN length(s) = 7 THEN try_cast(s || '-01' AS TIMESTAMP)
    WHEN length(s) > 10 AND (s[-1:] = 'Z' OR s[-6:-6] IN ('+', '-'))
        THEN make_timestamp(epoch_us(try_cast(s AS TIMESTAMPTZ)))
    ELSE try_cast(s AS TIMESTAMP)
END;

-- A message when a date element is present but did not parse (InvalidDate), else NULL. Kinds parse each
-- date once (fhir_instant) and pass both the text and the result.
CREATE OR REPLACE TEMP MACRO fhir_date_error(element, s, parsed) AS
    CASE WHEN s IS NOT NULL AND parsed IS NULL THEN element || ' is not a FHIR date/time: ' || s END;

-- References: "Patient/123", "urn:uuid:123" and absolute URLs ("https://host/fhir/Patient/123/_history/2")
-- all name the id "123"; fhir_ref_type gives the resource type when the reference states it ('' for
-- urn:uuid). split_part rather than a regular expression, and the version suffix only looked for when
-- present: references are on every row (this is ~3x cheaper than the regular expression).
CREATE OR REPLACE TEMP MACRO fhir_ref_id(ref) AS CASE
    WHEN ref LIKE 'urn:uuid:%' THEN ref[10:]
    WHEN contains(ref, '/_history/') THEN nullif(split_part(split_part(ref, '/_history/', 1), '/', -1), '')
    ELSE nullif(split_part(ref, '/', -1), '')
END;

CREATE OR REPLACE TEMP MACRO fhir_ref_type(ref) AS CASE
    WHEN contains(ref, '/_history/') THEN split_part(split_part(ref, '/_history/', 1), '/', -2)
    ELSE split_part(ref, '/', -2)
END;

-- A key "<practice_id>/<id>" for a reference, optionally only when it points at the given resource type.
CREATE OR REPLACE TEMP MACRO fhir_ref_key(practice, ref) AS practice || '/' || fhir_ref_id(ref);

CREATE OR REPLACE TEMP MACRO fhir_typed_ref_key(practice, ref, rtype) AS
    CASE WHEN fhir_ref_type(ref) IN (rtype, '') THEN fhir_ref_key(practice, ref) END;

-- The id of a reference when it points at the given resource type, else NULL. As a join key it keeps a
-- LEFT JOIN to a core table a hash join on equalities (a one-sided condition in ON makes DuckDB compare
-- every pair of rows: quadratic once a batch spans all practices).
CREATE OR REPLACE TEMP MACRO fhir_typed_ref_id(ref, rtype) AS
    CASE WHEN fhir_ref_type(ref) IN (rtype, '') THEN fhir_ref_id(ref) END;

-- The first extension (or modifierExtension) whose url ends with the given name; matching the tail
-- accepts the QI-Core URL, the FHIR 5.0 cross-version URL and the variants seen in test data
-- (e.g. ".../qicore-doNotPerformReason" and "http://qicore-qicore-doNotPerformReason").
CREATE OR REPLACE TEMP MACRO fhir_extension(extensions, name) AS
    list_filter(extensions, e -> ends_with(e.url, name))[1];

-- CodingWithoutSystem: the primary code has codings (as made by fhir_codings) but none states a system,
-- so it can match no value set. Returns the message or NULL.
CREATE OR REPLACE TEMP MACRO fhir_coding_error(element, codings) AS CASE
    WHEN len(codings) > 0 AND list_count(list_transform(codings, c -> nullif(c.system, ''))) = 0
        THEN element || ' has codings without a system: ' || array_to_string(list_transform(codings, c -> c.code), ', ')
END;

-- true when a subject/patient reference points at a Patient loaded for the practice (the batch's
-- Patients load before its other kinds). patient_id = fhir_ref_id(ref), computed once by the caller.
-- practice is a column (a batch spans practices): one uncorrelated semi-join on (practice, id).
CREATE OR REPLACE TEMP MACRO fhir_patient_known(practice, ref, patient_id) AS
    fhir_ref_type(ref) IN ('Patient', '')
    AND {'practice_id': practice, 'source_id': patient_id}
        IN (SELECT {'practice_id': practice_id, 'source_id': source_id} FROM patient_record);

-- One reject reason per line, in this order. Resources without a patient use fhir_data_verdict only.
CREATE OR REPLACE TEMP MACRO fhir_data_verdict(coding_error, date_error) AS CASE
    WHEN coding_error IS NOT NULL THEN {'reason': 'CodingWithoutSystem', 'detail': coding_error}
    WHEN date_error IS NOT NULL THEN {'reason': 'InvalidDate', 'detail': date_error}
END;

CREATE OR REPLACE TEMP MACRO fhir_verdict(element, patient_ref, patient_found, coding_error, date_error) AS CASE
    WHEN patient_ref IS NULL THEN {'reason': 'MissingSubject', 'detail': element || ' is missing'}
    WHEN NOT patient_found
        THEN {'reason': 'UnknownPatient', 'detail': element || ' ' || patient_ref || ' is not a patient loaded for this practice'}
    ELSE fhir_data_verdict(coding_error, date_error)
END;

-- resourceType and id read from the start of a line that is not valid JSON (a truncated last line, a
-- line with a stray control byte), so its reject still names what it was. Serialisers put these first.
CREATE OR REPLACE TEMP MACRO fhir_sniff_type(raw) AS
    nullif(regexp_extract(raw, '^\s*\{\s*"resourceType"\s*:\s*"([A-Za-z]+)"', 1), '');

CREATE OR REPLACE TEMP MACRO fhir_sniff_id(raw) AS
    nullif(regexp_extract(raw, '^\s*\{\s*"resourceType"\s*:\s*"[A-Za-z]+"\s*,\s*"id"\s*:\s*"([^"]+)"', 1), '');

-- A FHIR Duration in days (MedicationRequest.dispenseRequest.expectedSupplyDuration): UCUM codes d, wk,
-- mo (30 d), a (365 d), h, and their spelled-out forms; NULL for an unknown or missing unit.
CREATE OR REPLACE TEMP MACRO fhir_duration_days(value, unit) AS CASE lower(trim(unit))
    WHEN 'd' THEN value WHEN 'day' THEN value WHEN 'days' THEN value
    WHEN 'wk' THEN value * 7 WHEN 'week' THEN value * 7 WHEN 'weeks' THEN value * 7
    WHEN 'mo' THEN value * 30 WHEN 'month' THEN value * 30 WHEN 'months' THEN value * 30
    WHEN 'a' THEN value * 365 WHEN 'year' THEN value * 365 WHEN 'years' THEN value * 365
    WHEN 'h' THEN value / 24 WHEN 'hour' THEN value / 24 WHEN 'hours' THEN value / 24
END;
