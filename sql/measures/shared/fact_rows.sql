-- One fact table of the run: the rows of {{source}} (fact_sources.sql) whose codings fall in a role of the
-- run (m_code, codes.sql), tagged with that role. The runner builds every m_<table> with this file
-- ({{facts}} = m_<table>, {{source}} = m_<table>_source; server/measures/runner.ts).
-- Grain: one {{facts}} row per source row x role it matches (a row can match several roles): code is the
-- row's first coding in the role, display the first display among those codings (NULL: none has one).
-- No parameters.
-- Most rows carry one coding: they join m_code on it directly. Only rows with several codings are
-- unnested, grouped per role and joined back to their row by rowid (at the synthetic 1M, building the
-- encounter and observation facts this way took 6.9 CPU-s, against 11.0 when every row was unnested
-- and joined back).

CREATE OR REPLACE TEMP TABLE {{facts}} AS
SELECT
    s.patient_key,
    k.role,
    s.codings[1].code AS code,
    s.codings[1].display AS display,
    s.* EXCLUDE (row_id, patient_key, codings)
FROM {{source}} s
JOIN m_code k
    ON  k.code_system = s.codings[1].system
    AND k.code = s.codings[1].code
WHERE len(s.codings) = 1;

INSERT INTO {{facts}} BY NAME
WITH hit AS (                                       -- rows with several codings: per role, i and di
    SELECT
        u.row_id,
        k.role_id,
        any_value(k.role) AS role,
        min(u.i) AS i,
        min(u.i) FILTER (WHERE u.c.display IS NOT NULL) AS di
    FROM (
        SELECT
            row_id,
            unnest(codings) AS c,                   -- a select-list unnest: far cheaper than a lateral join
            generate_subscripts(codings, 1) AS i
        FROM {{source}}
        WHERE len(codings) > 1
    ) u
    JOIN m_code k
        ON  k.code_system = u.c.system
        AND k.code = u.c.code
    GROUP BY u.row_id, k.role_id
)
SELECT
    s.patient_key,
    h.role,
    s.codings[h.i].code AS code,
    s.codings[h.di].display AS display,
    s.* EXCLUDE (row_id, patient_key, codings)
FROM hit h
JOIN {{source}} s USING (row_id)
WHERE len(s.codings) > 1;                           -- known to the scan: only those rows meet m_record
