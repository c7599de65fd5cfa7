-- Reads FHIR JSON files whole (one resource per file) into value_set_doc.
-- Grain: one row per file. Parameters: $files (VARCHAR[] of paths). A malformed file fails the load, naming it.
INSERT INTO value_set_doc
SELECT
    filename AS source,
    CASE WHEN json_valid(content) THEN content::JSON ELSE error('Malformed JSON in ' || filename) END AS doc
FROM read_text($files);
