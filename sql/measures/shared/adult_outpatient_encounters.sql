-- AdultOutpatientEncounters 4.19.000 (CMS125, CMS130, CMS165) "Qualifying Encounters": a performed
-- office, wellness, preventive, home health, virtual or telephone visit during the period. Performed is
-- Status 1.15.000 isEncounterPerformed: status 'finished' only (4.16.000's Status 1.13.000 also took
-- arrived, triaged, in-progress and onleave).
-- Grain: one row per enterprise patient with a qualifying encounter. The measures only ask whether one
-- exists (their initial populations), so no evidence is kept.
-- Parameters: $period_start, $period_end (DATE, inclusive).

CREATE OR REPLACE TEMP TABLE m_adult_outpatient_encounters AS
SELECT DISTINCT
    patient_key
FROM m_encounter
WHERE role IN (
        'office_visit',
        'annual_wellness_visit',
        'preventive_care_services_established_office_visit_18_and_up',
        'preventive_care_services_initial_office_visit_18_and_up',
        'home_healthcare_services',
        'virtual_encounter',
        'telephone_visits')
  AND status = 'finished'
  AND interval_during_day(period_start, period_end, $period_start, $period_end);
