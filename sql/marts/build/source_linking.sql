-- Patient linking per practice: how its records were linked into enterprise patients (patient_link.rule),
-- how many share their patient with another practice, and the lowest link score.
-- Grain: one source_linking row per practice. No parameters. Rebuilt after each load (server/marts/source-quality.ts),
-- so GET /api/sources reads rows instead of scanning the core tables per request.
DELETE FROM source_linking;

INSERT INTO source_linking BY NAME
WITH record AS (
    SELECT
        r.practice_id,
        r.patient_record_id,
        coalesce(k.patient_id, r.patient_record_id) AS patient_id,
        coalesce(k.rule, 'UNLINKED') AS rule,
        k.score
    FROM patient_record AS r
    LEFT JOIN patient_link AS k USING (patient_record_id)
),
patient_practices AS (
    SELECT
        patient_id,
        count(DISTINCT practice_id) AS practices
    FROM record
    GROUP BY patient_id
),
by_rule AS (
    SELECT
        practice_id,
        rule,
        count(*) AS records
    FROM record
    GROUP BY ALL
)
SELECT
    p.practice_id,
    count(r.patient_record_id) AS records,
    count(DISTINCT r.patient_id) AS patients,
    count(r.patient_record_id) FILTER (WHERE pp.practices > 1) AS records_shared_with_other_practices,
    min(r.score) AS min_link_score,
    (SELECT list({'rule': b.rule, 'records': b.records} ORDER BY b.rule) FROM by_rule AS b WHERE b.practice_id = p.practice_id)
        AS rules
FROM practice AS p
LEFT JOIN record AS r USING (practice_id)
LEFT JOIN patient_practices AS pp USING (patient_id)
GROUP BY p.practice_id
ORDER BY p.practice_id;
