-- csv_row: each staged row with its file's practice and the physical line it starts on; what the table
-- files read. Grain: one row per accepted record.
CREATE OR REPLACE TEMP VIEW csv_row AS
SELECT
    r.source_line,
    f.practice_id,
    s.*
FROM csv_stage s
JOIN csv_batch_file f USING (source_file_id)
LEFT JOIN csv_record r ON r.source_file_id = s.source_file_id AND r.stage_row = s._row;
