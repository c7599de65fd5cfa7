-- Helpers for the CSV table files (sql/normalize/csv/<table>.sql), created as TEMP macros on the
-- connection that loads a file. A "problem" is STRUCT(reason, detail): the first failed check of a row
-- (rejected_row.reason codes, docs/csv-extract.md), NULL when the row loads.

-- "<practice_id>/<source id>": core keys never collide across practices (sql/schema/03_core.sql).
CREATE OR REPLACE TEMP MACRO csv_key(practice_value, id_value) AS practice_value || '/' || id_value;

-- One coding with the canonical system name (code_system_of: sql/normalize/code_systems.sql); a local
-- system name passes through as sent (the code map is applied to the checked rows afterwards). display
-- is VARCHAR even when given as NULL, so every coding column has the core model's type before it is
-- stored.
CREATE OR REPLACE TEMP MACRO csv_coding(system_value, code_value, display_value) AS
    CASE WHEN code_value IS NOT NULL
         THEN [{'system': code_system_of(system_value), 'code': code_value, 'display': display_value::VARCHAR}]
    END;

-- A code list sent in one cell, separated by ';' or '|' (race codes, claim diagnoses).
CREATE OR REPLACE TEMP MACRO csv_list(value) AS
    list_filter(regexp_split_to_array(value, '\s*[;|]\s*'), x -> x <> '');

-- true/false, Y/N, yes/no, 1/0; anything else is unknown (NULL).
CREATE OR REPLACE TEMP MACRO csv_boolean(value) AS
    CASE WHEN lower(value) IN ('true', 't', 'y', 'yes', '1') THEN true
         WHEN lower(value) IN ('false', 'f', 'n', 'no', '0') THEN false
    END;

CREATE OR REPLACE TEMP MACRO csv_required(value, column_name) AS
    CASE WHEN value IS NULL THEN {'reason': 'MissingRequired', 'detail': column_name || ' is empty'} END;

CREATE OR REPLACE TEMP MACRO csv_invalid_date(value, parsed, column_name) AS
    CASE WHEN value IS NOT NULL AND parsed IS NULL
         THEN {'reason': 'InvalidDate', 'detail': column_name || ' ''' || value || ''' does not match the date format'}
    END;

CREATE OR REPLACE TEMP MACRO csv_invalid_number(value, parsed, column_name) AS
    CASE WHEN value IS NOT NULL AND parsed IS NULL
         THEN {'reason': 'InvalidNumber', 'detail': column_name || ' ''' || value || ''' is not a number'}
    END;

CREATE OR REPLACE TEMP MACRO csv_code_without_system(system_value, code_value, code_column) AS
    CASE WHEN code_value IS NOT NULL AND system_value IS NULL
         THEN {'reason': 'CodingWithoutSystem', 'detail': code_column || ' ''' || code_value || ''' has no code system'}
    END;

-- Patients loaded earlier (this load or a previous one) count: patients.csv is loaded first. practice is a
-- column (a batch spans practices): one uncorrelated semi-join on (practice, id), not a lookup per row.
CREATE OR REPLACE TEMP MACRO csv_unknown_patient(practice_value, patient_value) AS
    CASE WHEN patient_value IS NOT NULL
              AND NOT {'practice_id': practice_value, 'source_id': patient_value}
                  IN (SELECT {'practice_id': p.practice_id, 'source_id': p.source_id} FROM patient_record p)
         THEN {'reason': 'UnknownPatient',
               'detail': 'patient_id ''' || patient_value || ''' is not a patient of practice ' || practice_value}
    END;

-- The provider key for an NPI sent in a row (providers.csv is loaded first); NULL when unknown.
-- (A map of every practice's NPIs built once per query, looked up per row.)
CREATE OR REPLACE TEMP MACRO csv_provider_id(practice_value, npi_value) AS
    (SELECT map(list({'practice_id': practice_id, 'npi': npi}), list(provider_id))
     FROM (SELECT p.practice_id, p.npi, min(p.provider_id) AS provider_id
           FROM provider p
           WHERE p.npi IS NOT NULL
           GROUP BY p.practice_id, p.npi))[{'practice_id': practice_value, 'npi': npi_value}];
