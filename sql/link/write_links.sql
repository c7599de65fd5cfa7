-- Full relink, step 1: replace patient_link from the components (link_component) and edges (link_edge).
-- Grain: one row per practice record. Parameters: none.
-- patient_id is derived from the component's smallest record id (a hash, so ids do not depend on row order
-- and the same input always gives the same ids). A record's rule and score are those of its strongest link;
-- a record with no link is a SINGLETON 1.0.
DELETE FROM patient_link;

INSERT INTO patient_link (patient_record_id, patient_id, rule, score)
WITH incident AS (
    SELECT a_id AS patient_record_id, b_id AS other_id, rule, score FROM link_edge
    UNION ALL
    SELECT b_id, a_id, rule, score FROM link_edge
),
strongest AS (
    SELECT
        patient_record_id,
        rule,
        score
    FROM incident
    QUALIFY row_number() OVER (
        PARTITION BY patient_record_id
        ORDER BY score DESC, rule, other_id
    ) = 1
)
SELECT
    c.patient_record_id,
    'pt-' || left(md5(c.label), 16) AS patient_id,
    coalesce(s.rule, 'SINGLETON') AS rule,
    coalesce(s.score, 1.0) AS score
FROM link_component c
LEFT JOIN strongest s USING (patient_record_id);
