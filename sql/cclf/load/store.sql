-- Stores one parsed CCLF file: rejected lines into rejected_row (reason, the failing fields, the raw line), the
-- others into the file kind's table. Returns read/loaded/rejected.
-- Input: cclf_parsed (from sql/cclf/load/cclfN.sql): line_no, raw, record_id, line_length, the typed columns of
-- {{table}}, and the failed checks as comma-separated field names ('' when none): missing, bad_dates, bad_numbers.
-- Parameters: $source_file_id, $content ('CCLF1', ...), $record_length.
-- Reasons, first that applies: EmptyLine; WrongLineLength (fixed width: every record is exactly the layout's
-- length); MissingRequired (a key, date or amount the loader needs is blank); InvalidDate; InvalidNumber.
CREATE OR REPLACE TEMP TABLE cclf_checked AS
SELECT
    *,
    CASE
        WHEN raw IS NULL THEN 'EmptyLine'
        WHEN line_length <> $record_length THEN 'WrongLineLength'
        WHEN missing <> '' THEN 'MissingRequired'
        WHEN bad_dates <> '' THEN 'InvalidDate'
        WHEN bad_numbers <> '' THEN 'InvalidNumber'
    END AS reason,
    CASE
        WHEN raw IS NULL THEN 'blank line'
        WHEN line_length <> $record_length THEN format('{} characters, the {} layout has {}', line_length, $content, $record_length)
        WHEN missing <> '' THEN 'blank ' || missing
        WHEN bad_dates <> '' THEN 'not a YYYY-MM-DD date: ' || bad_dates
        WHEN bad_numbers <> '' THEN 'not a number: ' || bad_numbers
    END AS detail
FROM cclf_parsed;

INSERT INTO rejected_row (source_file_id, line_no, resource_type, record_id, reason, detail, raw)
SELECT
    $source_file_id,
    line_no,
    $content,
    record_id,
    reason,
    detail,
    left(raw, 65536)
FROM cclf_checked
WHERE reason IS NOT NULL;

INSERT INTO {{table}} BY NAME
SELECT
    $source_file_id AS source_file_id,
    * EXCLUDE (raw, record_id, line_length, missing, bad_dates, bad_numbers, reason, detail)
FROM cclf_checked
WHERE reason IS NULL;

SELECT
    count(*) AS read,
    count(*) FILTER (WHERE reason IS NULL) AS loaded,
    count(*) FILTER (WHERE reason IS NOT NULL) AS rejected
FROM cclf_checked;
