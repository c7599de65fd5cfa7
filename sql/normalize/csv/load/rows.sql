-- csv_row: each staged row with the physical line it starts on; what the table files read.
-- Grain: one row per accepted record.
CREATE OR REPLACE TEMP VIEW csv_row AS
SELECT
    r.source_line,
    s.*
FROM csv_stage s
LEFT JOIN csv_record r ON r.stage_row = s._row;
