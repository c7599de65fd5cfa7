-- CSV providers -> provider rows (docs/csv-extract.md), each with its first failed check.
-- Grain: one row per data row (csv_row); problem NULL = the row loads, else it becomes a rejected_row.
-- No parameters (practice_id and source_file_id are columns of csv_row).
CREATE OR REPLACE TEMP TABLE csv_checked AS
SELECT
    source_line,
    provider_id AS record_id,
    coalesce(
        csv_required(provider_id, 'provider_id'),
        csv_required(npi, 'npi')
    ) AS problem,
    csv_key(practice_id, provider_id) AS provider_id,
    practice_id,
    source_file_id,
    provider_id AS source_id,
    npi,
    family_name,
    given_name,
    specialty_code,
    csv_boolean(is_pcp) AS is_pcp
FROM csv_row;
