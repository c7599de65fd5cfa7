-- Population counts of one run per test case and population group, for the conformance runner, which
-- loads every case's resources with ids prefixed by the case key: '<case key>.<id>'
-- (server/measures/conformance.ts).
-- Grain: one row per case x group with at least one patient in the initial population.
-- Parameters: $run_id.

SELECT
    split_part(r.source_id, '.', 1) AS case_key,
    m.group_id,
    count(*) FILTER (WHERE m.initial_population) AS initial_population,
    count(*) FILTER (WHERE m.denominator) AS denominator,
    count(*) FILTER (WHERE m.denominator_exclusion) AS denominator_exclusion,
    count(*) FILTER (WHERE m.denominator_exception) AS denominator_exception,
    count(*) FILTER (WHERE m.numerator) AS numerator
FROM measure_result m
JOIN patient_record_link l ON l.patient_id = m.patient_id
JOIN patient_record r USING (patient_record_id)
WHERE m.run_id = $run_id
GROUP BY ALL;
