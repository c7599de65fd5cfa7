-- The load state the data-sources marts depend on: every load registers its files (source_file) and is
-- followed by a full relink (patient_link, rewritten with a new linked_at), so any load changes this text.
-- Grain: one row. No parameters.
SELECT
    concat_ws('|',
        count(*),
        max(source_file_id),
        max(loaded_at),
        (SELECT count(*) FROM patient_link),
        (SELECT max(linked_at) FROM patient_link)
    ) AS load_state
FROM source_file;
