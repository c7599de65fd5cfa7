-- Checks every line of one CCLF file (cclf_cut, cut.sql) and keeps it with its parsed columns (cclf_parsed, from
-- the file's cclfN.sql) as cclf_checked: reason and detail set when the line is rejected (store.sql stores both).
-- The checks of cclf_check (the fields whose text must be present ('required') or read as a 'date', 'number' or
-- 'integer') are written into the statement at its failed-fields placeholder.
-- Grain: one row per line of the file. Parameters: $content ('CCLF1', ...), $record_length.
-- Reasons, first that applies: EmptyLine; WrongLineLength (fixed width: every record is exactly the layout's
-- length); MissingRequired (a key, date or amount the loader needs is blank); InvalidDate; InvalidNumber.
CREATE OR REPLACE TEMP TABLE cclf_checked AS
WITH lines AS (
    -- The failed-fields placeholder (cclf-loader.ts): per kind of check, the names of the line's fields that
    -- fail one, in layout order, comma-separated ('' when none): missing (required), bad_dates (date), bad_numbers
    -- (number, integer). Each check is one test of a cut column with its kind written as a constant: one
    -- vectorised pass (joining every line to every check took 1.3 s on a 154k-line CCLF5 file, this statement 0.4 s).
    SELECT
        line_no,
        raw,
        line_length,
        /*failed_fields*/
    FROM cclf_cut
)
SELECT
    p.*,
    f.raw,
    f.line_length,
    CASE
        WHEN f.raw IS NULL THEN 'EmptyLine'
        WHEN f.line_length <> $record_length THEN 'WrongLineLength'
        WHEN f.missing <> '' THEN 'MissingRequired'
        WHEN f.bad_dates <> '' THEN 'InvalidDate'
        WHEN f.bad_numbers <> '' THEN 'InvalidNumber'
    END AS reason,
    CASE
        WHEN f.raw IS NULL THEN 'blank line'
        WHEN f.line_length <> $record_length THEN format('{} characters, the {} layout has {}', f.line_length, $content, $record_length)
        WHEN f.missing <> '' THEN 'blank ' || f.missing
        WHEN f.bad_dates <> '' THEN 'not a YYYY-MM-DD date: ' || f.bad_dates
        WHEN f.bad_numbers <> '' THEN 'not a number: ' || f.bad_numbers
    END AS detail
FROM cclf_parsed AS p
JOIN lines AS f USING (line_no);
