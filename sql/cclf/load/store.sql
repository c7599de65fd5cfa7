-- Stores one parsed CCLF file: rejected lines into rejected_row (reason, the failing fields, the raw line), the
-- others into the file kind's table. Returns read/loaded/rejected.
-- Input: cclf_line (lines.sql), cclf_layout_field (layout.sql), and from sql/cclf/load/cclfN.sql: cclf_parsed
-- (line_no, record_id, the typed columns of {{table}}) and cclf_check (field_name, check_kind: the fields whose
-- text must be present ('required') or read as a 'date', 'number' or 'integer').
-- Parameters: $source_file_id, $content ('CCLF1', ...), $record_length.
-- Reasons, first that applies: EmptyLine; WrongLineLength (fixed width: every record is exactly the layout's
-- length); MissingRequired (a key, date or amount the loader needs is blank); InvalidDate; InvalidNumber.
CREATE OR REPLACE TEMP TABLE cclf_checked AS
WITH check_field AS (
    SELECT f.element, f.field_name, f.pos, c.check_kind
    FROM cclf_check AS c
    JOIN cclf_layout_field AS f USING (field_name)
),
-- The failing checks, one row per line and check, each field cut and tested once by plain vectorised
-- expressions (a lambda over a per-line list of checks measured ~100 us per line).
failed_check AS (
    SELECT
        l.line_no,
        k.element,
        k.field_name,
        k.check_kind
    FROM cclf_line AS l
    CROSS JOIN check_field AS k
    WHERE cclf_fails(cclf_cut(l.text, k.pos), k.check_kind)
),
-- The names of each line's fields failing checks of a kind, in layout order, comma-separated (NULL when none).
failed AS (
    SELECT
        line_no,
        string_agg(field_name, ', ' ORDER BY element) FILTER (WHERE check_kind = 'required') AS missing,
        string_agg(field_name, ', ' ORDER BY element) FILTER (WHERE check_kind = 'date') AS bad_dates,
        string_agg(field_name, ', ' ORDER BY element) FILTER (WHERE check_kind IN ('number', 'integer')) AS bad_numbers
    FROM failed_check
    GROUP BY line_no
),
lines AS (
    SELECT
        l.line_no,
        l.text AS raw,
        length(l.text) AS line_length,
        coalesce(f.missing, '') AS missing,
        coalesce(f.bad_dates, '') AS bad_dates,
        coalesce(f.bad_numbers, '') AS bad_numbers
    FROM cclf_line AS l
    LEFT JOIN failed AS f USING (line_no)
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
    * EXCLUDE (raw, record_id, line_length, reason, detail)
FROM cclf_checked
WHERE reason IS NULL;

SELECT
    count(*) AS read,
    count(*) FILTER (WHERE reason IS NULL) AS loaded,
    count(*) FILTER (WHERE reason IS NOT NULL) AS rejected
FROM cclf_checked;
