-- Every measure's population rows of the run, each tagged with its measure, as one view, so that
-- store_result.sql stores them all in one INSERT. Storing each measure on its own joined m_patient and
-- patient_attribution once per measure: at the synthetic 1M, eleven INSERTs took 32-35 CPU-s, one 23.
-- The view's query (runner.ts): measure_rows.sql for each measure of the run, joined by UNION ALL BY NAME
-- (the populations leave different columns out; store_result.sql types the missing ones).
CREATE OR REPLACE TEMP VIEW m_run_rows AS
/*measures*/;
