// The registry and the SQL agree: every definition has its SQL, every role its SQL names is declared,
// every value set it declares is in the measure's published value sets, and role names are consistent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlFile } from '../../server/db/sql-registry.ts';
import { LIBRARIES } from '../../server/measures/libraries.ts';
import { MEASURES, findMeasure } from '../../server/measures/registry.ts';
import { librariesFor, rolesFor } from '../../server/measures/roles.ts';
import { ECQM_FIXTURES } from './core-rows.ts';

/** Roles a SQL text filters on: role = 'x' and role IN ('x', 'y'). */
function rolesUsed(sql: string): string[] {
  const roles = new Set<string>();
  for (const m of sql.matchAll(/\brole\s*=\s*'([a-z0-9_]+)'/g)) roles.add(m[1]!);
  for (const m of sql.matchAll(/\brole\s+IN\s*\(([^)]*)\)/gi)) for (const r of m[1]!.matchAll(/'([a-z0-9_]+)'/g)) roles.add(r[1]!);
  return [...roles];
}

describe('measure registry', () => {
  it('has unique ids that name the CMS measure', () => {
    expect(new Set(MEASURES.map((m) => m.id)).size).toBe(MEASURES.length);
    for (const m of MEASURES) {
      expect(m.cmsId.toLowerCase()).toMatch(new RegExp(`^${m.id}v\\d+$`));
      expect(findMeasure(m.cmsId)).toBe(m);
    }
  });

  it.each(MEASURES.map((m) => [m.id, m] as const))('%s has its population SQL, naming only declared roles', (_id, m) => {
    const declared = new Set(rolesFor([m]).map((r) => r.role));
    expect(rolesUsed(sqlFile(`measures/${m.id}/population`)).filter((r) => !declared.has(r))).toEqual([]);
  });

  it.each(MEASURES.map((m) => [m.id, m] as const))('%s declares only value sets its fixtures publish', (_id, m) => {
    const folder = path.join(ECQM_FIXTURES, m.cmsId.replace(/v\d+$/, ''), 'valuesets');
    const published = new Set(fs.readdirSync(folder).map((f) => f.split('__')[0]));
    const oids = rolesFor([m]).flatMap((r) => (r.value_set_id ? [r.value_set_id] : []));
    expect(oids.filter((oid) => !published.has(oid))).toEqual([]);
  });

  it('gives every role one meaning across all measures and libraries', () => {
    expect(() => rolesFor(MEASURES)).not.toThrow();
  });
});

describe('shared libraries', () => {
  it.each(Object.values(LIBRARIES).map((l) => [l.id, l] as const))('%s names only its own roles and is cleaned up', (_id, l) => {
    const declared = new Set([...Object.keys(l.valueSets), ...Object.keys(l.codes)]);
    expect(rolesUsed(sqlFile(l.sql)).filter((r) => !declared.has(r))).toEqual([]);
    expect(sqlFile(l.sql)).toContain(`CREATE OR REPLACE TEMP TABLE ${l.table} AS`);
    expect(sqlFile('measures/shared/cleanup')).toContain(`DROP TABLE IF EXISTS ${l.table};`);
  });

  it('are each used by some measure', () => {
    const used = new Set(librariesFor(MEASURES).map((l) => l.id));
    expect(Object.keys(LIBRARIES).filter((id) => !used.has(id as keyof typeof LIBRARIES))).toEqual([]);
  });
});
