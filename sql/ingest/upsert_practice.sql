-- Create or update a practice from its source manifest.
-- Parameters: $practice_id, $name, $tin, $ehr, $source_format. Grain: one practice row.
INSERT INTO practice (practice_id, name, tin, ehr, source_format)
VALUES ($practice_id, $name, $tin, $ehr, $source_format)
ON CONFLICT (practice_id) DO UPDATE SET
    name = excluded.name,
    tin = excluded.tin,
    ehr = excluded.ehr,
    source_format = excluded.source_format;
