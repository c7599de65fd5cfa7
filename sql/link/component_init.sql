-- Connected components of the link graph, step 0: every record is its own component (temp table link_component).
-- Grain: one row per record in link_record. Parameters: none.
CREATE OR REPLACE TEMP TABLE link_component AS
SELECT
    patient_record_id,
    patient_record_id AS label
FROM link_record;
