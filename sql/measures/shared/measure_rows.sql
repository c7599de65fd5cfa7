-- run_rows.sql: one measure's population rows. {{measure_id}}: its registry id; {{rows}}: the TEMP table
-- its population.sql rows wait in (m_rows_<id>, runner.ts).
SELECT '{{measure_id}}' AS measure_id, * FROM {{rows}}
