-- Connection settings for a measure run (reset by cleanup.sql; the connection goes back to the pool).
-- No parameters.

-- The run's temp tables have no meaningful row order; without it DuckDB builds them in parallel.
SET SESSION preserve_insertion_order = false;
