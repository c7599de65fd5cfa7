-- Record pairs that are the same person, with the rule and score that decided it (temp table link_edge).
-- Grain: one row per linked pair (a_id < b_id) and rule. Parameters: none. Reads link_record.
-- Rules (identifiers first, then demographics):
--   MBI 1.0               same Medicare Beneficiary Identifier (star edges to the group's smallest record id).
--   MEMBER_ID 0.98        same payer member id and same birth date (member ids of two payers can collide).
--   DEMOGRAPHIC_EXACT 0.99  family, given, DOB, sex and ZIP all equal.
--   DEMOGRAPHIC_FUZZY     DOB equal and exactly one other element differs, scored 0.99 minus its penalty:
--                           family: hyphenated/multi-part vs one of its parts 0.03, one typo 0.05;
--                           given: nickname 0.04, one typo 0.05; ZIP moved 0.05, ZIP unknown 0.06;
--                           sex unknown on one side 0.07.
--   A family-name typo is a Damerau-Levenshtein distance <= 1, or Jaro-Winkler >= 0.93 when both have >= 4
--   letters; a given-name typo is Damerau-Levenshtein <= 1 only: when the given name is the one difference,
--   family, DOB and ZIP are equal, which is the twins case, and the twins guard allows only a 1-edit typo.
-- Never merged on demographics: different DOB (blocked on DOB), different known sex, two different MBIs,
-- and twins (same family/DOB/ZIP but given names that are neither equal, nicknames nor one typo apart).
-- Blocking: pairs are only formed within (DOB, family initial) or (DOB, ZIP), never a full cross join.
CREATE OR REPLACE TEMP TABLE link_edge AS
WITH mbi_edge AS (
    SELECT
        min(patient_record_id) OVER (PARTITION BY mbi_key) AS a_id,
        patient_record_id AS b_id,
        'MBI' AS rule,
        1.0 AS score
    FROM link_record
    WHERE mbi_key IS NOT NULL
    QUALIFY a_id <> b_id
),
member_edge AS (
    SELECT
        min(patient_record_id) OVER (PARTITION BY member_key, birth_date) AS a_id,
        patient_record_id AS b_id,
        'MEMBER_ID' AS rule,
        0.98 AS score
    FROM link_record
    WHERE member_key IS NOT NULL
      AND birth_date IS NOT NULL
    QUALIFY a_id <> b_id
),
candidate AS (
    SELECT a.patient_record_id AS a_id, b.patient_record_id AS b_id
    FROM link_record a
    JOIN link_record b
      ON b.birth_date = a.birth_date
     AND b.family_initial = a.family_initial
     AND b.patient_record_id > a.patient_record_id
    UNION
    SELECT a.patient_record_id, b.patient_record_id
    FROM link_record a
    JOIN link_record b
      ON b.birth_date = a.birth_date
     AND b.zip5 = a.zip5
     AND b.patient_record_id > a.patient_record_id
),
compared AS (
    SELECT
        c.a_id,
        c.b_id,
        CASE
            WHEN a.family_key = b.family_key THEN 'exact'
            WHEN (len(a.family_parts) > 1 AND list_contains(a.family_parts, b.family_key))
              OR (len(b.family_parts) > 1 AND list_contains(b.family_parts, a.family_key)) THEN 'part'
            WHEN damerau_levenshtein(a.family_key, b.family_key) <= 1
              OR (least(length(a.family_key), length(b.family_key)) >= 4
                  AND jaro_winkler_similarity(a.family_key, b.family_key) >= 0.93) THEN 'typo'
        END AS family_match,
        CASE
            WHEN a.given_key = b.given_key THEN 'exact'
            WHEN list_has_any(a.given_canon, b.given_canon) THEN 'nickname'
            WHEN damerau_levenshtein(a.given_key, b.given_key) <= 1 THEN 'typo'
        END AS given_match,
        CASE
            WHEN a.zip5 = b.zip5 THEN 'exact'
            WHEN a.zip5 <> b.zip5 THEN 'moved'
            ELSE 'unknown'
        END AS zip_match,
        CASE
            WHEN a.sex_key = b.sex_key THEN 'exact'
            WHEN a.sex_key <> b.sex_key THEN 'conflict'
            ELSE 'unknown'
        END AS sex_match,
        a.mbi_key IS NOT NULL AND b.mbi_key IS NOT NULL AND a.mbi_key <> b.mbi_key AS mbi_conflict
    FROM candidate c
    JOIN link_record a ON a.patient_record_id = c.a_id
    JOIN link_record b ON b.patient_record_id = c.b_id
),
scored AS (
    SELECT
        a_id,
        b_id,
        (family_match <> 'exact')::INTEGER
          + (given_match <> 'exact')::INTEGER
          + (zip_match <> 'exact')::INTEGER
          + (sex_match <> 'exact')::INTEGER AS differences,
        0.99
          - CASE family_match WHEN 'part' THEN 0.03 WHEN 'typo' THEN 0.05 ELSE 0 END
          - CASE given_match WHEN 'nickname' THEN 0.04 WHEN 'typo' THEN 0.05 ELSE 0 END
          - CASE zip_match WHEN 'moved' THEN 0.05 WHEN 'unknown' THEN 0.06 ELSE 0 END
          - CASE sex_match WHEN 'unknown' THEN 0.07 ELSE 0 END AS score
    FROM compared
    WHERE family_match IS NOT NULL
      AND given_match IS NOT NULL
      AND sex_match <> 'conflict'
      AND NOT mbi_conflict
)
SELECT a_id, b_id, rule, score FROM mbi_edge
UNION ALL
SELECT a_id, b_id, rule, score FROM member_edge
UNION ALL
SELECT
    a_id,
    b_id,
    CASE WHEN differences = 0 THEN 'DEMOGRAPHIC_EXACT' ELSE 'DEMOGRAPHIC_FUZZY' END AS rule,
    round(score, 2) AS score
FROM scored
WHERE differences <= 1;
