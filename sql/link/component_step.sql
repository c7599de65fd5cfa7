-- Connected components, one round of min-label propagation: each record takes the smallest label among
-- its neighbours in link_edge when that is smaller than its own. Repeated until no row changes, every record
-- carries the smallest record id of its component (transitive closure: A~B and B~C put A, B, C together).
-- Grain: updates link_component; returns the number of changed rows. Parameters: none.
UPDATE link_component AS c
SET label = n.label
FROM (
    SELECT
        patient_record_id,
        min(label) AS label
    FROM (
        SELECT e.b_id AS patient_record_id, l.label
        FROM link_edge e
        JOIN link_component l ON l.patient_record_id = e.a_id
        UNION ALL
        SELECT e.a_id AS patient_record_id, l.label
        FROM link_edge e
        JOIN link_component l ON l.patient_record_id = e.b_id
    )
    GROUP BY patient_record_id
) AS n
WHERE c.patient_record_id = n.patient_record_id
  AND n.label < c.label;
