-- CMS2 Preventive Care and Screening: Screening for Depression and Follow-Up Plan
-- (CMS2FHIRPCSDepressionScreenAndFollowUp 0.4.001).
-- Numerator: the most recent depression screening (adolescent or adult tool, by age at the start of the
-- period) taken 14 days or less before a qualifying encounter is negative, or positive with a follow-up
-- plan tied to that encounter.
-- Grain: m_measure_rows = one row per enterprise patient in the initial population (group Group_1).
-- Parameters: $period_start, $period_end (DATE, inclusive).
-- Reads the run's shared tables (sql/measures/shared/): m_patient, m_encounter, m_condition,
-- m_observation, m_medication_request, m_service_request, m_procedure.

CREATE OR REPLACE TEMP TABLE m_measure_rows AS
WITH qualifying_encounter AS (
    -- "Qualifying Encounter During Measurement Period": finished, during day of the period.
    SELECT DISTINCT
        patient_key,
        encounter_id,
        period_start,
        period_end
    FROM m_encounter
    WHERE role IN ('encounter_to_screen_for_depression', 'physical_therapy_evaluation', 'telephone_visits')
      AND status = 'finished'
      AND interval_during_day(period_start, period_end, $period_start, $period_end)
),
initial_population AS (
    -- Age 12 or older at the start of the period, with a qualifying encounter.
    SELECT
        patient_key,
        age_in_years(birth_date, $period_start) AS age_at_start
    FROM m_patient
    SEMI JOIN qualifying_encounter USING (patient_key)
    WHERE age_in_years(birth_date, $period_start) >= 12
),
bipolar AS (
    -- "History of Bipolar Diagnosis Before Qualifying Encounter": prevalence starts before the day a
    -- qualifying encounter starts (an unknown onset with a known end starts at the beginning of time).
    SELECT
        c.patient_key,
        'BipolarDisorder' AS exclusion_reason,
        c.prevalence_start::DATE AS evidence_date,
        c.display AS evidence_value,
        'condition' AS evidence_table,
        c.condition_id AS evidence_record_id,
        c.source_id AS evidence_source_id
    FROM m_condition c
    JOIN qualifying_encounter e USING (patient_key)
    WHERE c.role = 'bipolar_disorder'
      AND prevalence_start_day(c.prevalence_start, c.prevalence_end) < e.period_start::DATE
    QUALIFY row_number() OVER (PARTITION BY c.patient_key ORDER BY c.prevalence_start DESC NULLS LAST, c.condition_id) = 1
),
screening AS (
    -- Depression screenings with a result, final or corrected, whose effective time ends 14 days or
    -- less on or before the day a qualifying encounter starts ("Has ... Depression Screening");
    -- first_encounter_day: the first such encounter's (from then the screening counts, month-end trend).
    SELECT *
    FROM (
        SELECT
            o.patient_key,
            CASE o.role WHEN 'adolescent_depression_screening' THEN 'adolescent' ELSE 'adult' END AS tool,
            o.observation_id,
            o.source_id,
            o.effective_start,
            o.effective_end,
            o.value_codings,
            has_coding(o.value_codings, 'SNOMEDCT', '428171000124102') AS negative,  -- Depression screening negative (finding)
            has_coding(o.value_codings, 'SNOMEDCT', '428181000124104') AS positive,  -- Depression screening positive (finding)
            (
                SELECT min(e.period_start::DATE)
                FROM qualifying_encounter e
                WHERE e.patient_key = o.patient_key
                  AND o.effective_end::DATE BETWEEN e.period_start::DATE - 14 AND e.period_start::DATE
            ) AS first_encounter_day
        FROM m_observation o
        WHERE o.role IN ('adolescent_depression_screening', 'adult_depression_screening')
          AND o.has_value
          AND o.status IN ('final', 'corrected')
    )
    WHERE first_encounter_day IS NOT NULL
),
most_recent AS (
    -- "Most Recent Adolescent/Adult Depression Screening": Last(... sort by start of effective).
    SELECT *
    FROM screening
    QUALIFY row_number() OVER (
        PARTITION BY patient_key, tool
        ORDER BY effective_start DESC NULLS LAST, observation_id DESC
    ) = 1
),
follow_up AS (
    -- "Follow Up Intervention for Positive Adolescent/Adult Depression Screening": a depression
    -- medication ordered (with its CumulativeMedicationDuration medicationRequestPeriod(), computed at
    -- ingest: period_start, period_end, both NULL when the period is null), a referral, or a follow-up
    -- procedure. Requests with doNotPerform are the QI-Core negation profiles, not interventions.
    SELECT
        patient_key,
        CASE role WHEN 'adolescent_depression_medications' THEN 'adolescent' ELSE 'adult' END AS tool,
        'medication_request' AS evidence_table,
        medication_request_id AS evidence_record_id,
        source_id AS evidence_source_id,
        display,
        NULL::TIMESTAMP AS performed_start,
        authored_on,
        period_start AS medication_start,
        period_end AS medication_end
    FROM m_medication_request
    WHERE role IN ('adolescent_depression_medications', 'adult_depression_medications')
      AND status IN ('active', 'completed')
      AND intent IN ('order', 'original-order', 'reflex-order', 'filler-order', 'instance-order')
      AND NOT do_not_perform
    UNION ALL
    SELECT
        patient_key,
        CASE role WHEN 'referral_for_adolescent_depression' THEN 'adolescent' ELSE 'adult' END,
        'service_request',
        service_request_id,
        source_id,
        display,
        NULL,
        authored_on,
        NULL,
        NULL
    FROM m_service_request
    WHERE role IN ('referral_for_adolescent_depression', 'referral_for_adult_depression')
      AND status IN ('active', 'completed')
      AND NOT do_not_perform
    UNION ALL
    SELECT
        patient_key,
        CASE role WHEN 'follow_up_for_adolescent_depression' THEN 'adolescent' ELSE 'adult' END,
        'procedure',
        procedure_id,
        source_id,
        display,
        performed_start,
        NULL,
        NULL,
        NULL
    FROM m_procedure
    WHERE role IN ('follow_up_for_adolescent_depression', 'follow_up_for_adult_depression')
      AND status = 'completed'
),
screening_follow_up AS (
    -- "Most Recent ... Depression Screening Positive and Follow Up Provided", for every positive screening
    -- (the month-end trend asks it of each one that was the most recent for a while): with one qualifying
    -- encounter, the positive screening starts 14 days or less before it and the intervention starts
    -- during it (performed) or is ordered on its last day or up to 2 days after; and the intervention
    -- falls in the period. A medication also needs its period (CMD medicationRequestPeriod(): period_start,
    -- period_end; a null one meets nothing) to overlap a qualifying encounter (one the screening is 14 days
    -- or less before) and end after it. The first such intervention.
    SELECT
        s.patient_key,
        s.tool,
        s.observation_id,
        f.evidence_table,
        f.evidence_record_id,
        f.evidence_source_id,
        f.display,
        coalesce(f.performed_start, f.authored_on)::DATE AS follow_up_date
    FROM screening s
    JOIN qualifying_encounter e USING (patient_key)
    JOIN follow_up f ON f.patient_key = s.patient_key AND f.tool = s.tool
    WHERE s.positive
      AND s.effective_start::DATE BETWEEN e.period_start::DATE - 14 AND e.period_start::DATE
      AND (f.performed_start BETWEEN e.period_start AND e.period_end
           OR f.authored_on::DATE BETWEEN e.period_end::DATE AND e.period_end::DATE + 2)
      AND point_during_day(coalesce(f.performed_start, f.authored_on), $period_start, $period_end)
      AND (f.evidence_table <> 'medication_request' OR EXISTS (
          SELECT 1
          FROM qualifying_encounter m
          WHERE m.patient_key = s.patient_key
            AND s.effective_start::DATE BETWEEN m.period_start::DATE - 14 AND m.period_start::DATE
            AND f.medication_start <= m.period_end::DATE
            AND f.medication_end > m.period_end::DATE
      ))
    QUALIFY row_number() OVER (
        PARTITION BY s.patient_key, s.tool, s.observation_id ORDER BY follow_up_date, f.evidence_table, f.evidence_record_id
    ) = 1
),
followed_up AS (
    -- The follow-up of the most recent screening of each tool.
    SELECT f.*
    FROM screening_follow_up f
    SEMI JOIN most_recent m USING (patient_key, tool, observation_id)
),
tool_outcome AS (
    -- Each tool the patient's age admits: adolescent at 12-16, either at 17, adult at 18 and older.
    SELECT
        ip.patient_key,
        t.tool,
        s.observation_id,
        s.source_id,
        s.effective_start::DATE AS screening_date,
        f.display AS follow_up_value,
        f.follow_up_date,
        CASE
            WHEN s.observation_id IS NULL THEN 'NotFound'
            WHEN s.negative OR f.patient_key IS NOT NULL THEN 'Present'
            WHEN s.positive THEN 'NoFollowUp'
            ELSE 'NoResult'
        END AS gap_reason,
        CASE
            WHEN s.negative THEN 'negative'
            WHEN s.positive THEN 'positive'
            ELSE 'neither positive nor negative'
        END AS result
    FROM initial_population ip
    JOIN (VALUES ('adolescent'), ('adult')) AS t(tool)
        ON (t.tool = 'adolescent' AND ip.age_at_start <= 17) OR (t.tool = 'adult' AND ip.age_at_start >= 17)
    LEFT JOIN most_recent s ON s.patient_key = ip.patient_key AND s.tool = t.tool
    LEFT JOIN followed_up f ON f.patient_key = ip.patient_key AND f.tool = t.tool
),
tool_screenings AS (
    -- For the month-end trend: each tool's screenings in the order "most recent" sorts them, each with the
    -- day it counts from, whether it is negative, and the day of its follow-up (positive ones only have one).
    SELECT
        s.patient_key,
        s.tool,
        -- sorted as structs, by their first fields (an ordered aggregate costs several times more)
        list_sort(list({
            'start': coalesce(s.effective_start, '-infinity'::TIMESTAMP),
            'id': s.observation_id,
            'day': s.first_encounter_day,
            'negative': s.negative,
            'follow_up': f.follow_up_date
        })) AS screenings
    FROM screening s
    LEFT JOIN screening_follow_up f USING (patient_key, tool, observation_id)
    GROUP BY ALL
),
numerator_change AS (
    -- With the data up to a day, a tool the age admits meets the numerator as its most recent screening by
    -- then (*_latest[i]: on days[i]) says: negative, or positive with its follow-up by then. The days that
    -- began or stopped holding.
    SELECT
        patient_key,
        held_changes(days, list_transform(days, (d, i) ->
            coalesce(adolescent_latest[i].negative OR adolescent_latest[i].follow_up <= d, false)
            OR coalesce(adult_latest[i].negative OR adult_latest[i].follow_up <= d, false)
        )) AS changes
    FROM (
        SELECT
            patient_key,
            fact_days(list_transform(coalesce(adolescent, []) || coalesce(adult, []), x -> x.day)
                      || list_transform(coalesce(adolescent, []) || coalesce(adult, []), x -> x.follow_up)) AS days,
            list_transform(days, d -> list_filter(adolescent, x -> x.day <= d)[-1]) AS adolescent_latest,
            list_transform(days, d -> list_filter(adult, x -> x.day <= d)[-1]) AS adult_latest
        FROM (
            -- the tools the age admits (a join, not a LEFT JOIN with the age in its condition: DuckDB plans
            -- that as a nested-loop join whose output made the list functions above ~30x slower)
            SELECT
                patient_key,
                any_value(screenings) FILTER (WHERE tool = 'adolescent' AND ip.age_at_start <= 17) AS adolescent,
                any_value(screenings) FILTER (WHERE tool = 'adult' AND ip.age_at_start >= 17) AS adult
            FROM initial_population ip
            JOIN tool_screenings USING (patient_key)
            GROUP BY patient_key
        )
    )
),
outcome AS (
    -- The tool that decides: one that meets the numerator, else the latest screening.
    SELECT *
    FROM tool_outcome
    QUALIFY row_number() OVER (
        PARTITION BY patient_key
        ORDER BY gap_reason = 'Present' DESC, screening_date DESC NULLS LAST, tool
    ) = 1
),
not_screened AS (
    -- "Medical or Patient Reason for Not Screening Adolescent/Adult for Depression": a screening not
    -- done (QI-Core ObservationCancelled), issued during the day of a qualifying encounter, declined
    -- (720834000) or for a medical reason, without a screening with the same tool.
    SELECT
        o.patient_key,
        CASE WHEN has_coding(o.not_done_reason_codings, 'SNOMEDCT', '720834000') THEN 'PatientDeclined'
             ELSE 'MedicalReason' END AS exception_reason,
        o.issued::DATE AS evidence_date,
        format('{} not done: {}', coalesce(o.display, 'depression screening'),
               coalesce(o.not_done_reason_codings[1].display, o.not_done_reason_codings[1].code)) AS evidence_value,
        'observation' AS evidence_table,
        o.observation_id AS evidence_record_id,
        o.source_id AS evidence_source_id
    FROM m_observation o
    JOIN qualifying_encounter e USING (patient_key)
    WHERE o.role IN ('adolescent_depression_screening', 'adult_depression_screening')
      AND o.not_done
      AND (has_coding(o.not_done_reason_codings, 'SNOMEDCT', '720834000')  -- Depression screening declined (situation)
           OR codings_in_role(o.not_done_reason_codings, 'medical_reason'))
      AND o.issued::DATE BETWEEN e.period_start::DATE AND e.period_end::DATE
      AND NOT EXISTS (
          SELECT 1
          FROM screening s
          WHERE s.patient_key = o.patient_key
            AND s.tool = CASE o.role WHEN 'adolescent_depression_screening' THEN 'adolescent' ELSE 'adult' END
      )
    QUALIFY row_number() OVER (PARTITION BY o.patient_key ORDER BY o.issued DESC, o.observation_id) = 1
),
exclusion AS (
    SELECT *
    FROM bipolar
    SEMI JOIN initial_population USING (patient_key)
),
exception AS (
    -- Only patients neither excluded nor in the numerator are exceptions.
    SELECT *
    FROM not_screened
    SEMI JOIN initial_population USING (patient_key)
    ANTI JOIN exclusion USING (patient_key)
    WHERE patient_key NOT IN (SELECT patient_key FROM outcome WHERE gap_reason = 'Present')
)
SELECT
    *,
    'Group_1' AS group_id,
    'exclusion' AS population
FROM exclusion
UNION ALL BY NAME
SELECT
    * RENAME (exception_reason AS exclusion_reason),
    'Group_1' AS group_id,
    'exception' AS population
FROM exception
UNION ALL BY NAME
SELECT
    o.patient_key,
    'Group_1' AS group_id,
    'outcome' AS population,
    o.gap_reason = 'Present' AS numerator,
    coalesce(o.follow_up_date, o.screening_date) AS evidence_date,
    CASE WHEN o.observation_id IS NOT NULL THEN o.tool || ' depression screening ' || o.result END AS evidence_value,
    CASE WHEN o.observation_id IS NOT NULL THEN 'observation' END AS evidence_table,
    o.observation_id AS evidence_record_id,
    o.source_id AS evidence_source_id,
    c.changes AS numerator_changes,
    o.gap_reason,
    CASE o.gap_reason
        WHEN 'NotFound' THEN format('No depression screening within 14 days before a qualifying visit between {} and {}.', $period_start, $period_end)
        WHEN 'NoFollowUp' THEN format('Most recent {} depression screening on {} is positive with no follow-up plan.', o.tool, o.screening_date)
        WHEN 'NoResult' THEN format('Most recent {} depression screening on {} is neither coded positive nor negative.', o.tool, o.screening_date)
        WHEN 'Present' THEN CASE
            WHEN o.follow_up_value IS NULL THEN format('Depression screening ({} tool) on {} is negative.', o.tool, o.screening_date)
            ELSE format('Depression screening ({} tool) on {} is positive; follow-up {} on {}.', o.tool, o.screening_date, o.follow_up_value, o.follow_up_date)
        END
    END AS gap_text,
    CASE WHEN o.gap_reason <> 'Present' THEN $period_end END AS close_by,
    CASE o.gap_reason
        WHEN 'Present' THEN NULL
        WHEN 'NoFollowUp' THEN 'Document a follow-up plan (referral, depression medication or follow-up intervention) on the day of a visit held within 14 days of the screening, or up to 2 days after it; otherwise screen again at the next visit.'
        ELSE format('Screen for depression with a standardized tool at a visit by {}; a negative result, or a positive one with a follow-up plan, closes the gap.', $period_end)
    END AS close_action
FROM outcome o
LEFT JOIN numerator_change c USING (patient_key)
ANTI JOIN exclusion USING (patient_key)
ANTI JOIN exception USING (patient_key);
