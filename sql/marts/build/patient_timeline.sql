-- The patient page's timeline for one finished run: the records that decided a measure outcome (each
-- measure_result's evidence row), and the period's encounters for context, described by their first coding.
-- Grain: one patient_timeline row per patient x record (table, record id) of the run's patients.
-- Parameters: $run_id (INTEGER).
-- Rows are stored in patient order so one patient's rows sit in one or two row groups (the page's query
-- orders a patient's rows). Lists are deduplicated and sorted after aggregating: ordered DISTINCT aggregates
-- sort every record's group on its own.
INSERT INTO patient_timeline BY NAME
WITH run AS (
    SELECT
        period_start,
        period_end,
        as_of
    FROM measure_run
    WHERE run_id = $run_id::INTEGER
),
evidence AS (                                       -- one row per deciding record, with the measures it decided
    SELECT
        patient_id,
        evidence_table AS record_table,
        evidence_record_id AS record_id,
        max(evidence_date) AS record_date,
        any_value(evidence_source_id) AS source_id,
        -- list_distinct drops NULLs as string_agg does; no value at all stays NULL
        array_to_string(nullif(list_sort(list_distinct(list(evidence_value))), []), '; ') AS value,
        list_sort(list_distinct(list(measure_id))) AS measure_ids
    FROM measure_result
    WHERE run_id = $run_id::INTEGER
      AND evidence_record_id IS NOT NULL
    GROUP BY ALL
),
run_patient AS (
    SELECT DISTINCT
        patient_id
    FROM measure_result
    WHERE run_id = $run_id::INTEGER
),
period_encounter AS (                               -- visits in the period up to the data cut-off
    SELECT
        l.patient_id,
        'encounter' AS record_table,
        e.encounter_id AS record_id,
        e.period_start::DATE AS record_date,
        e.source_id,
        NULL::VARCHAR AS value,
        []::VARCHAR[] AS measure_ids
    FROM encounter AS e
    JOIN patient_record_link AS l USING (patient_record_id)
    CROSS JOIN run
    WHERE l.patient_id IN (SELECT patient_id FROM run_patient)
      AND e.period_start >= run.period_start
      AND e.period_start < least(run.period_end, run.as_of) + INTERVAL 1 DAY
),
timeline AS (                                       -- an encounter that decided a measure keeps its evidence row
    SELECT * FROM evidence
    UNION ALL
    SELECT *
    FROM period_encounter AS e
    WHERE NOT EXISTS (
        SELECT 1 FROM evidence AS v
        WHERE v.record_table = 'encounter'
          AND v.record_id = e.record_id
          AND v.patient_id = e.patient_id
    )
),
described AS (                                      -- the sending practice and first coding of each record
    SELECT 'condition' AS record_table, condition_id AS record_id, practice_id,
           coalesce(codings[1].display, codings[1].code) AS description
    FROM condition WHERE condition_id IN (SELECT record_id FROM timeline WHERE record_table = 'condition')
    UNION ALL
    SELECT 'encounter', encounter_id, practice_id, coalesce(type_codings[1].display, type_codings[1].code, class_code)
    FROM encounter WHERE encounter_id IN (SELECT record_id FROM timeline WHERE record_table = 'encounter')
    UNION ALL
    SELECT 'observation', observation_id, practice_id, coalesce(codings[1].display, codings[1].code)
    FROM observation WHERE observation_id IN (SELECT record_id FROM timeline WHERE record_table = 'observation')
    UNION ALL
    SELECT 'procedure', procedure_id, practice_id, coalesce(codings[1].display, codings[1].code)
    FROM procedure WHERE procedure_id IN (SELECT record_id FROM timeline WHERE record_table = 'procedure')
    UNION ALL
    SELECT 'medication_request', medication_request_id, practice_id,
           coalesce(medication_codings[1].display, medication_codings[1].code)
    FROM medication_request WHERE medication_request_id IN (SELECT record_id FROM timeline WHERE record_table = 'medication_request')
    UNION ALL
    SELECT 'service_request', service_request_id, practice_id, coalesce(codings[1].display, codings[1].code)
    FROM service_request WHERE service_request_id IN (SELECT record_id FROM timeline WHERE record_table = 'service_request')
    UNION ALL
    SELECT 'immunization', immunization_id, practice_id, coalesce(vaccine_codings[1].display, vaccine_codings[1].code)
    FROM immunization WHERE immunization_id IN (SELECT record_id FROM timeline WHERE record_table = 'immunization')
    UNION ALL
    SELECT 'device_request', device_request_id, practice_id, coalesce(codings[1].display, codings[1].code)
    FROM device_request WHERE device_request_id IN (SELECT record_id FROM timeline WHERE record_table = 'device_request')
)
SELECT
    $run_id::INTEGER AS run_id,
    t.patient_id,
    t.record_date,
    t.record_table,
    t.record_id,
    t.source_id,
    d.practice_id,
    d.description,
    t.value,
    t.measure_ids
FROM timeline AS t
LEFT JOIN described AS d USING (record_table, record_id)
ORDER BY
    t.patient_id;
