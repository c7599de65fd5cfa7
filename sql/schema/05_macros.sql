-- Shared macros used by normalisation and measures.

-- The canonical name of a code system as written in a source (URI, OID, VSAC name); unknown systems pass through.
CREATE OR REPLACE MACRO canonical_system(s) AS
    coalesce((SELECT a.code_system FROM code_system_alias a WHERE a.alias = lower(trim(s))), trim(s));

-- Year-to-date trends (sql/measures/shared/monthly_results.sql states the rule): the first month a numerator
-- patient counts in: the day the numerator was first met where the measure states it (numerator_since), else
-- the evidence that decided the period's outcome; clipped to the period (undated = its first month).
CREATE OR REPLACE MACRO numerator_month(numerator_since, evidence_date, period_start, period_end) AS
    date_trunc('month', least(greatest(coalesce(numerator_since, evidence_date, period_start), period_start), period_end))::DATE;

-- A clinician's name as every screen and export shows it: 'Family, Given' (sorts by family name); NULL when
-- the source sent neither part.
CREATE OR REPLACE MACRO provider_name(family_name, given_name) AS
    nullif(concat_ws(', ', family_name, given_name), '');
