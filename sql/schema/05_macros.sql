-- Shared macros used by normalisation and measures.

-- The canonical name of a code system as written in a source (URI, OID, VSAC name); unknown systems pass through.
CREATE OR REPLACE MACRO canonical_system(s) AS
    coalesce((SELECT a.code_system FROM code_system_alias a WHERE a.alias = lower(trim(s))), trim(s));

-- Year-to-date trends (sql/measures/shared/monthly_results.sql states the rule). numerator_change_months: the
-- first days of the months in which a result's numerator began or stopped holding: its numerator_changes
-- where the measure states them, else a numerator patient's deciding evidence (undated = the first month);
-- each clipped to the period. numerator_held: whether it holds at the end of the month starting month_start.
CREATE OR REPLACE MACRO numerator_change_months(numerator_changes, numerator, evidence_date, period_start, period_end) AS
    list_transform(
        coalesce(numerator_changes, CASE WHEN numerator THEN [coalesce(evidence_date, period_start)] ELSE [] END),
        d -> date_trunc('month', least(greatest(d, period_start), period_end))::DATE);

CREATE OR REPLACE MACRO numerator_held(change_months, month_start) AS
    len(list_filter(change_months, m -> m <= month_start)) % 2 = 1;

-- A clinician's name as every screen and export shows it: 'Family, Given' (sorts by family name); NULL when
-- the source sent neither part.
CREATE OR REPLACE MACRO provider_name(family_name, given_name) AS
    nullif(concat_ws(', ', family_name, given_name), '');
