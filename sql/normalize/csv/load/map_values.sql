-- Mapping file `values`: a column's local enumeration values -> canonical ones (unlisted values stay).
-- Identifiers: {{column}} (a canonical column of the table). Parameters: $values (MAP local -> canonical).
UPDATE csv_stage
SET "{{column}}" = nullif(coalesce($values["{{column}}"], "{{column}}"), '')
WHERE "{{column}}" IS NOT NULL;
