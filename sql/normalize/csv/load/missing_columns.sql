-- When a file's header lacks a required column, every data row of it is rejected with that reason (none
-- dropped), whatever the table file found: the csv_checked rows row_rejects.sql turns into rejected_row.
-- Grain: updates csv_checked rows. Parameters: $source_file_id, $detail (which columns, as the header
-- should name them).
UPDATE csv_checked
SET record_id = NULL,
    problem = {'reason': 'MissingColumn', 'detail': $detail}
WHERE source_file_id = $source_file_id;
