-- Shared macros used by normalisation and measures.

-- The canonical name of a code system as written in a source (URI, OID, VSAC name); unknown systems pass through.
CREATE OR REPLACE MACRO canonical_system(s) AS
    coalesce((SELECT a.code_system FROM code_system_alias a WHERE a.alias = lower(trim(s))), trim(s));
