-- The generator's code table: every selected code with its display and where it was verified.
-- Grain: one row per selected (category, concept, code_system, code).
-- Parameters: $selection (code-selection.csv), $value_set_codes (refdata value_set_codes_no_cpt_descriptors.csv),
--             $measure_value_sets (refdata measure_value_sets.csv: CQL direct codes by measure library),
--             $fixture_value_sets (glob over fixtures/ecqm/*/valuesets/*.json), $realism (realism_codes.csv),
--             $hcc (cms_hcc icd10_to_hcc_v24_v28_py2026.csv).
-- A selected code whose source is a value set OID (or a measure library, for CQL direct codes) must be listed there; 'cms-hcc-v28' codes must be
-- in the PY2026 V28 mapping; 'typed' rows pass as written. found = false marks a selection error.
WITH selection AS (
    SELECT
        row_number() OVER () AS ordinal,
        *
    FROM read_csv($selection, header = true, all_varchar = true)
),
fixture_codes AS (
    SELECT
        split_part(id, '-', 1) AS value_set_oid,
        entry.system AS system_uri,
        entry.code AS code,
        entry.display AS display
    FROM (
        SELECT id, unnest(expansion.contains) AS entry
        FROM read_json($fixture_value_sets, union_by_name = true, maximum_object_size = 100000000)
    )
),
value_set_codes AS (
    SELECT value_set_oid, code_system, code, display
    FROM read_csv($value_set_codes, header = true, all_varchar = true)
    UNION ALL
    SELECT
        value_set_oid,
        CASE system_uri
            WHEN 'http://loinc.org' THEN 'LOINC'
            WHEN 'http://snomed.info/sct' THEN 'SNOMEDCT'
            WHEN 'http://hl7.org/fhir/sid/icd-10-cm' THEN 'ICD10CM'
            WHEN 'http://www.ama-assn.org/go/cpt' THEN 'CPT'
            WHEN 'http://www.nlm.nih.gov/research/umls/rxnorm' THEN 'RXNORM'
            WHEN 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets' THEN 'HCPCS'
            ELSE system_uri
        END AS code_system,
        code,
        display
    FROM fixture_codes
    UNION ALL
    SELECT source_id, code_system, code, display
    FROM read_csv($realism, header = true, all_varchar = true)
    WHERE source_kind IN ('value_set', 'cql_direct_code')
    UNION ALL
    SELECT measure_library, code_system, value_set_oid_or_code, display
    FROM read_csv($measure_value_sets, header = true, all_varchar = true)
    WHERE kind = 'direct_code'
),
value_set_match AS (
    SELECT
        s.ordinal,
        max(v.display) AS display
    FROM selection s
    JOIN value_set_codes v
      ON v.value_set_oid = s.source
     AND v.code_system = s.code_system
     AND v.code = s.code
    GROUP BY s.ordinal
),
hcc_match AS (
    SELECT DISTINCT s.ordinal
    FROM selection s
    JOIN read_csv($hcc, header = true, all_varchar = true) h
      ON h.icd10cm_code = replace(s.code, '.', '')
     AND h.payment_year = '2026'
     AND h.model_version = 'V28'
    WHERE s.source = 'cms-hcc-v28'
)
SELECT
    s.category,
    s.concept,
    CAST(s.weight AS DOUBLE) AS weight,
    s.code_system,
    s.code,
    -- CPT descriptors are AMA text and are never carried over (value_sets/SOURCES.md).
    CASE
        WHEN s.code_system = 'CPT' THEN ''
        ELSE coalesce(nullif(s.display, ''), v.display, '')
    END AS display,
    s.source,
    CASE
        WHEN s.source = 'typed' THEN true
        WHEN s.source = 'cms-hcc-v28' THEN h.ordinal IS NOT NULL
        ELSE v.ordinal IS NOT NULL
    END AS found
FROM selection s
LEFT JOIN value_set_match v USING (ordinal)
LEFT JOIN hcc_match h USING (ordinal)
ORDER BY s.ordinal;
