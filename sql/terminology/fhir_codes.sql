-- Codes of the staged FHIR ValueSets -> value_set_code_stage, with canonical code-system names.
-- Grain: one row per distinct (file, value set, system, code). Parameters: none.
-- From expansion.contains[], following nested contains[] to any depth (entries without a code only group);
-- when there is no expansion, from compose.include[].concept[] (system from the include) minus
-- compose.exclude[].concept[]. Codes without a system cannot be matched and are not staged.
INSERT INTO value_set_code_stage
WITH RECURSIVE resource AS (
    SELECT
        s.source,
        s.value_set_id,
        d.doc
    FROM value_set_stage s
    JOIN value_set_doc d USING (source)
),
contained(source, value_set_id, item) AS (
    SELECT source, value_set_id, unnest(json_extract(doc, '$.expansion.contains[*]'))
    FROM resource
    UNION ALL
    SELECT source, value_set_id, unnest(json_extract(item, '$.contains[*]'))
    FROM contained
    WHERE json_exists(item, '$.contains')
),
expanded AS (
    SELECT
        source,
        value_set_id,
        item->>'system' AS system,
        item->>'code' AS code,
        item->>'display' AS display
    FROM contained
),
compose_part AS (
    SELECT source, value_set_id, 'include' AS part, unnest(json_extract(doc, '$.compose.include[*]')) AS part_json
    FROM resource
    WHERE NOT json_exists(doc, '$.expansion')
    UNION ALL
    SELECT source, value_set_id, 'exclude', unnest(json_extract(doc, '$.compose.exclude[*]'))
    FROM resource
    WHERE NOT json_exists(doc, '$.expansion')
),
compose_concept AS (
    SELECT
        source,
        value_set_id,
        part,
        part_json->>'system' AS system,
        unnest(json_extract(part_json, '$.concept[*]')) AS concept
    FROM compose_part
),
compose_code AS (
    SELECT
        source,
        value_set_id,
        part,
        system,
        concept->>'code' AS code,
        concept->>'display' AS display
    FROM compose_concept
),
composed AS (
    SELECT
        i.source,
        i.value_set_id,
        i.system,
        i.code,
        i.display
    FROM compose_code i
    WHERE i.part = 'include'
      AND NOT EXISTS (
          SELECT 1
          FROM compose_code x
          WHERE x.part = 'exclude'
            AND x.source = i.source
            AND x.system = i.system
            AND x.code = i.code
      )
)
SELECT
    source,
    value_set_id,
    canonical_system(system) AS code_system,
    code,
    min(display) AS display
FROM (
    SELECT * FROM expanded
    UNION ALL
    SELECT * FROM composed
)
WHERE code IS NOT NULL
  AND system IS NOT NULL
GROUP BY ALL;
