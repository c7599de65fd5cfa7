-- What the last relink produced: records, enterprise patients, and linked records per rule.
-- Grain: one row per rule (records and patients repeated on every row). Parameters: none.
SELECT
    (SELECT count(*) FROM patient_link) AS records,
    (SELECT count(*) FROM patient) AS patients,
    rule,
    count(*) AS links
FROM patient_link
GROUP BY rule
ORDER BY rule;
