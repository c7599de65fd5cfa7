-- Match keys of every practice record, normalised once (temp table link_record, on the linking connection).
-- Grain: one row per patient_record_id (when a record was sent again in a later file, the latest copy wins).
-- Parameters: none.
--   mbi_key / member_key: upper-case, spaces and dashes removed.
--   family_key: upper-case, accents and generational suffixes (JR, SR, II, III, IV) removed,
--               apostrophes/periods dropped, parts joined ("O'Brien" = "OBRIEN", "De la Cruz" = "DELACRUZ");
--   family_parts: the parts of a hyphenated or multi-word surname ("SMITH-JONES" -> [SMITH, JONES]).
--   given_key: first given name, letters only; given_canon: itself plus what it is a nickname of.
--   sex_key: 'male' | 'female'; other/unknown are treated as not known.  zip5: first five digits.
CREATE OR REPLACE TEMP TABLE link_record AS
WITH latest AS (
    SELECT *
    FROM patient_record
    QUALIFY row_number() OVER (PARTITION BY patient_record_id ORDER BY source_file_id DESC) = 1
),
cleaned AS (
    SELECT
        patient_record_id,
        source_file_id,
        nullif(regexp_replace(upper(mbi), '[\s-]', '', 'g'), '') AS mbi_key,
        nullif(regexp_replace(upper(member_id), '[\s-]', '', 'g'), '') AS member_key,
        birth_date,
        CASE lower(trim(sex)) WHEN 'male' THEN 'male' WHEN 'm' THEN 'male' WHEN 'female' THEN 'female' WHEN 'f' THEN 'female' END AS sex_key,
        list_filter(
            string_split(
                trim(regexp_replace(
                    regexp_replace(
                        regexp_replace(upper(strip_accents(trim(family_name))), '[\s,]+(JR|SR|II|III|IV)\.?$', ''),
                        '[''.`]', '', 'g'),
                    '[^A-Z]+', ' ', 'g')),
                ' '),
            lambda p: p <> '') AS family_parts,
        nullif(regexp_replace(upper(strip_accents(given_names[1])), '[^A-Z]', '', 'g'), '') AS given_key,
        CASE WHEN length(regexp_replace(zip, '[^0-9]', '', 'g')) >= 5 THEN left(regexp_replace(zip, '[^0-9]', '', 'g'), 5) END AS zip5
    FROM latest
),
canon AS (
    SELECT
        c.patient_record_id,
        list_distinct(list_prepend(c.given_key, list(n.canonical) FILTER (WHERE n.canonical IS NOT NULL))) AS given_canon
    FROM cleaned c
    LEFT JOIN given_name_nickname n ON n.nickname = c.given_key
    WHERE c.given_key IS NOT NULL
    GROUP BY c.patient_record_id, c.given_key
)
SELECT
    c.patient_record_id,
    c.source_file_id,
    c.mbi_key,
    c.member_key,
    c.birth_date,
    c.sex_key,
    nullif(array_to_string(c.family_parts, ''), '') AS family_key,
    c.family_parts,
    left(nullif(array_to_string(c.family_parts, ''), ''), 1) AS family_initial,
    c.given_key,
    canon.given_canon,
    c.zip5
FROM cleaned c
LEFT JOIN canon USING (patient_record_id);
