-- The value set expansion each measure run uses, per OID (loaded by server/terminology/value-sets.ts).
-- Several expansions of one OID may be loaded (eCQM fixture copies truncated at 1000 codes, the complete
-- refdata expansion, newer versions). value_set_effective picks one per OID: a complete expansion over an
-- incomplete one, then the latest version, then the one with more codes (expansion_hash breaks exact ties).
-- Grain: value_set_effective = one row per value_set_id; value_set_effective_code = one row per code in it.
CREATE OR REPLACE VIEW value_set_effective AS
SELECT *
FROM value_set
QUALIFY row_number() OVER (
    PARTITION BY value_set_id
    ORDER BY complete DESC, version DESC, code_count DESC, expansion_hash
) = 1;

CREATE OR REPLACE VIEW value_set_effective_code AS
SELECT
    c.value_set_id,
    c.version,
    c.code_system,
    c.code,
    c.display
FROM value_set_code c
JOIN value_set_effective e USING (value_set_id, version, expansion_hash);
