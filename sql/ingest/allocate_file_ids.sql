-- Reserve source_file ids for the files of a load batch before it is staged (the staged lines are keyed by
-- them); the batch registers its files under these ids inside its transaction (register_files.sql). An id
-- of a rolled-back batch is simply never used. Parameters: $n. Grain: n rows, ascending.
SELECT nextval('source_file_seq') AS source_file_id
FROM range($n)
ORDER BY source_file_id;
