-- CQL timing and value semantics as DuckDB macros, shared by every measure.
-- No parameters. TEMP: the runner creates them on the connection of each run.
--
-- Intervals follow the core model: [s, e] with s NULL = start unknown and e NULL = open-ended
-- (FHIRHelpers ToInterval(Period): a Period without start is Interval(null, end], without end
-- Interval[start, null], ongoing). A point in time has e = s. An unknown bound makes a comparison with it
-- null, as in cql-execution (the engine MADiE computed the published test cases with), and a null
-- condition is not met: the engine does not reason that [unknown, e] must overlap what e falls in. The measurement period [ps, pe] is a pair of DATEs, both inclusive.
-- "day of" comparisons (CQL `during day of`, `overlaps day of`, ...) compare calendar dates, so every
-- timestamp is cast to DATE before it is compared with ps/pe (a TIMESTAMP compared with a DATE would
-- compare with midnight instead).

-- AgeInYearsAt(d): whole years from birth to d.
CREATE OR REPLACE TEMP MACRO age_in_years(birth, d) AS
    date_diff('year', birth, d) - CASE WHEN strftime(d, '%m%d') < strftime(birth, '%m%d') THEN 1 ELSE 0 END;

-- Stratum label for an age in years.
CREATE OR REPLACE TEMP MACRO age_band(age) AS
    CASE
        WHEN age IS NULL THEN NULL
        WHEN age < 18 THEN '0-17'
        WHEN age < 45 THEN '18-44'
        WHEN age < 65 THEN '45-64'
        WHEN age < 75 THEN '65-74'
        WHEN age < 85 THEN '75-84'
        ELSE '85+'
    END;

-- QICoreCommon latest(): the end of the interval when it has one, else its start.
CREATE OR REPLACE TEMP MACRO latest_of(s, e) AS coalesce(e, s);

-- t during day of [ps, pe]
CREATE OR REPLACE TEMP MACRO point_during_day(t, ps, pe) AS
    coalesce(t::DATE BETWEEN ps AND pe, false);

-- [s, e] during day of [ps, pe]: an unknown start or an open end is never "during".
CREATE OR REPLACE TEMP MACRO interval_during_day(s, e, ps, pe) AS
    coalesce(s::DATE >= ps AND e::DATE <= pe, false);

-- [s, e] overlaps day of [ps, pe]: an open end overlaps everything from s on; an unknown start never
-- overlaps (its comparison with pe is null).
CREATE OR REPLACE TEMP MACRO interval_overlaps_day(s, e, ps, pe) AS
    coalesce(s::DATE <= pe AND (e IS NULL OR e::DATE >= ps), false);

-- [s, e] ends during day of [ps, pe] (an open end never does).
CREATE OR REPLACE TEMP MACRO interval_ends_during_day(e, ps, pe) AS
    coalesce(e::DATE BETWEEN ps AND pe, false);

-- [s, e] starts during day of [ps, pe] (an unknown start never does).
CREATE OR REPLACE TEMP MACRO interval_starts_during_day(s, ps, pe) AS
    coalesce(s::DATE BETWEEN ps AND pe, false);

-- QICoreCommon prevalenceInterval() overlaps [lo, hi) at full precision. The prevalence interval is
-- Interval[onset, abatement]: its closed null start (s NULL) is the beginning of time and an active
-- condition without abatement is open-ended (e NULL, closed end). An inactive one without abatement is
-- Interval[onset, null): its end is unknown (end_unknown), so the overlap is null, even for an onset
-- inside [lo, hi). Without onset and abatement the interval is Interval[null, null]: cql-execution
-- (MADiE's engine when the 2024/2025 test cases were made) cannot tell the point type of an interval
-- without bounds, does not read them as the beginning and end of time, and the overlap is null (as
-- CMS349's published case with an undated HIV diagnosis shows; cql-execution#364/#366, May 2026, changed
-- this to true).
CREATE OR REPLACE TEMP MACRO prevalence_overlaps(s, e, end_unknown, lo, hi) AS
    NOT end_unknown
    AND (s IS NOT NULL OR e IS NOT NULL)
    AND coalesce(s < hi, true)
    AND coalesce(e >= lo, true);

-- The day prevalenceInterval() starts, for "starts on or before" / "starts before": the onset's; without
-- onset the beginning of time when the condition has an abatement, else NULL (Interval[null, null], see
-- prevalence_overlaps), so every comparison with it fails.
CREATE OR REPLACE TEMP MACRO prevalence_start_day(s, e) AS
    CASE
        WHEN s IS NOT NULL THEN s::DATE
        WHEN e IS NOT NULL THEN '-infinity'::DATE
    END;

-- prevalenceInterval() overlaps day of [ps, pe]: the same on whole days.
CREATE OR REPLACE TEMP MACRO prevalence_overlaps_day(s, e, end_unknown, ps, pe) AS
    prevalence_overlaps(s, e, end_unknown, ps::TIMESTAMP, (pe + 1)::TIMESTAMP);

-- True when a list of codings holds the code (CQL `Concept ~ Code`).
CREATE OR REPLACE TEMP MACRO has_coding(codings, system_name, code_value) AS
    coalesce(len(list_filter(codings, c -> c.system = system_name AND c.code = code_value)) > 0, false);

-- True when a list of codings holds a code of a role's value set (CQL `Concept in "Value Set"`; for a
-- list of concepts such as reasonCode, any of them). Reads the run's m_code.
-- The role's codes are an uncorrelated subquery (one list per statement) tested with list_has_any: a
-- correlated EXISTS over unnest(codings) is planned per row and was ~20x slower.
CREATE OR REPLACE TEMP MACRO codings_in_role(codings, role_name) AS
    coalesce(list_has_any(
        list_transform(codings, c -> {'system': c.system, 'code': c.code}),
        (SELECT list({'system': code_system, 'code': code}) FROM m_code WHERE role = role_name)
    ), false);

-- Status filters from the Status library (1.13.000), one per QDM datatype the measures use.
-- Encounter, Performed
CREATE OR REPLACE TEMP MACRO is_encounter_performed(status) AS
    coalesce(lower(status) IN ('finished', 'arrived', 'triaged', 'in-progress', 'onleave'), false);
-- Laboratory Test / Assessment / Physical Exam, Performed; vital-sign observations (isObservationBP)
CREATE OR REPLACE TEMP MACRO is_observation_final(status) AS
    coalesce(lower(status) IN ('final', 'amended', 'corrected'), false);
-- Symptom
CREATE OR REPLACE TEMP MACRO is_symptom_recorded(status) AS
    coalesce(lower(status) IN ('preliminary', 'final', 'amended', 'corrected'), false);
-- Procedure / Intervention, Performed
CREATE OR REPLACE TEMP MACRO is_procedure_performed(status) AS
    coalesce(lower(status) = 'completed', false);
-- Intervention / Device / Diagnostic Study / Laboratory Test, Order
CREATE OR REPLACE TEMP MACRO is_order(status, intent) AS
    coalesce(lower(status) IN ('active', 'completed') AND lower(intent) = 'order', false);
-- Medication, Active
CREATE OR REPLACE TEMP MACRO is_medication_active(status, intent) AS
    coalesce(lower(status) = 'active' AND lower(intent) = 'order', false);
-- Status 1.15.000 takes every order intent in the same tests (isInterventionOrder,
-- isDeviceOrderPersonalUseDevices, isMedicationActive, ...): order, original-order, reflex-order,
-- filler-order, instance-order.
CREATE OR REPLACE TEMP MACRO is_order_1_15(status, intent) AS
    coalesce(lower(status) IN ('active', 'completed')
             AND lower(intent) IN ('order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'), false);
CREATE OR REPLACE TEMP MACRO is_medication_active_1_15(status, intent) AS
    coalesce(lower(status) = 'active'
             AND lower(intent) IN ('order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'), false);

-- The days a numerator began or stopped holding (measure_result.numerator_changes) when it rests on facts
-- that each hold from a day on: fact_days, the distinct days (NULL: a fact never on record) in order;
-- held_changes, those of them on which `held` (whether the numerator holds with the data up to each of
-- those days, in the same order) differs from the day before, starting from not held.
CREATE OR REPLACE TEMP MACRO fact_days(days) AS list_sort(list_distinct(list_filter(days, d -> d IS NOT NULL)));

CREATE OR REPLACE TEMP MACRO held_changes(days, held) AS
    list_filter(days, (d, i) -> held[i] <> coalesce(held[i - 1], false));

-- A number for people: 139 rather than 139.0.
CREATE OR REPLACE TEMP MACRO num_text(v) AS regexp_replace(v::VARCHAR, '\.0$', '');

-- A value with its unit for evidence and gap texts: '9.4%', '138 mm[Hg]'.
CREATE OR REPLACE TEMP MACRO value_text(v, unit) AS
    CASE
        WHEN v IS NULL THEN NULL
        WHEN unit = '%' THEN num_text(v) || '%'
        ELSE trim(num_text(v) || ' ' || coalesce(unit, ''))
    END;

-- The sentence for an excluded patient: 'Excluded (Hospice): Hospice care (procedure) on 2026-03-04.'
CREATE OR REPLACE TEMP MACRO exclusion_text(reason, evidence, on_date) AS
    format('Excluded ({}): {}{}.', reason, coalesce(evidence, 'recorded'),
           CASE WHEN on_date IS NULL THEN '' ELSE ' on ' || strftime(on_date, '%Y-%m-%d') END);

-- The sentence for a denominator exception: 'Exception (MedicalReason): BMI not done: ... on 2026-03-04.'
CREATE OR REPLACE TEMP MACRO exception_text(reason, evidence, on_date) AS
    format('Exception ({}): {}{}.', reason, coalesce(evidence, 'recorded'),
           CASE WHEN on_date IS NULL THEN '' ELSE ' on ' || strftime(on_date, '%Y-%m-%d') END);
