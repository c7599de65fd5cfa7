// eCQM conformance: computes each measure over its published test cases and compares every population
// count with the case's expected MeasureReport.
// Layout (shared/fixtures/ecqm): <measure folder, e.g. CMS122>/tests/*.json (one Bundle per case, holding
// the patient's resources and the expected MeasureReport) and <measure folder>/valuesets/*.json.
// Each measure gets one in-memory database. Its case Bundles are merged into one Bundle whose resource
// ids and references carry the case key ("case007.<id>"), so cases never share a resource, and that
// Bundle is loaded through the product's ingest as practice 'conformance' (one file: loading ~50 small
// files one by one costs far more than one larger file). The measure is computed once per measurement
// period over all cases and each case is read back through its patient's key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../db/database.ts';
import { applySchema } from '../db/schema.ts';
import { ingestFiles } from '../ingest/orchestrator.ts';
import { loadValueSets } from '../terminology/value-sets.ts';
import { findMeasure } from './registry.ts';
import { runMeasures } from './runner.ts';
import type { MeasureDefinition, PopulationCode } from './types.ts';

const POPULATIONS: readonly PopulationCode[] = [
  'initial-population',
  'denominator',
  'denominator-exclusion',
  'denominator-exception',
  'numerator',
];

type Counts = Partial<Record<PopulationCode, number>>;

interface ExpectedGroup {
  id: string | null;
  counts: Counts;
}

interface TestCase {
  /** Path relative to the measure folder, e.g. tests/IPPass-OfficeVisit__<id>.json */
  file: string;
  /** Prefix of the case's resource ids in the merged Bundle, e.g. 'case007'. */
  key: string;
  /** The case's resources (its MeasureReport left out), ids not yet keyed. */
  resources: Record<string, unknown>[];
  periodStart: string;
  periodEnd: string;
  groups: ExpectedGroup[];
}

export interface Mismatch {
  file: string;
  group: string;
  /** population -> [expected, actual]; empty when the case could not be computed (see error). */
  populations: Record<string, [number, number]>;
  error?: string;
}

export interface MeasureOutcome {
  /** Folder name, e.g. 'CMS122'. */
  measure: string;
  implemented: boolean;
  cases: number;
  passed: number;
  failed: number;
  mismatches: Mismatch[];
  ms: number;
}

export interface ConformanceReport {
  measures: MeasureOutcome[];
  passed: number;
  failed: number;
  ms: number;
}

/** Measure folders (holding tests/) under the given paths: a measure folder itself, or a folder of them. */
export function findMeasureFolders(paths: string[]): string[] {
  const folders = new Set<string>();
  const visit = (dir: string) => {
    if (fs.existsSync(path.join(dir, 'tests'))) folders.add(dir);
    else for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) visit(path.join(dir, e.name));
  };
  for (const p of paths) {
    const full = path.resolve(p);
    if (!fs.statSync(full).isDirectory()) throw new Error(`${p}: not a folder`);
    visit(path.basename(full) === 'tests' ? path.dirname(full) : full);
  }
  return [...folders].sort();
}

/** Test case files of a measure folder: tests/*.json except the expected.json summary. */
function caseFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(folder, 'tests'))
    .filter((f) => f.endsWith('.json') && f !== 'expected.json')
    .sort()
    .map((f) => path.join('tests', f));
}

type MeasureReportJson = {
  period?: { start?: string; end?: string };
  group?: { id?: string; population?: { code?: { coding?: { code?: string }[] }; count?: number }[] }[];
};

/** A case Bundle: its resources and the expected MeasureReport (period and population counts per group). */
function readCase(folder: string, file: string, index: number): TestCase {
  const bundle = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as { entry?: { resource?: Record<string, unknown> }[] };
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Record<string, unknown> => r !== undefined);
  const report = resources.find((r) => r.resourceType === 'MeasureReport') as MeasureReportJson | undefined;
  if (!report?.period?.start || !report.period.end) throw new Error(`${file}: no MeasureReport with a period`);
  const groups = (report.group ?? []).map((g) => {
    const counts: Counts = {};
    for (const p of g.population ?? []) {
      const code = p.code?.coding?.[0]?.code as PopulationCode | undefined;
      if (code && POPULATIONS.includes(code)) counts[code] = p.count ?? 0;
    }
    return { id: g.id ?? null, counts };
  });
  return {
    file,
    key: `case${String(index + 1).padStart(3, '0')}`,
    resources: resources.filter((r) => r.resourceType !== 'MeasureReport'),
    periodStart: report.period.start.slice(0, 10),
    periodEnd: report.period.end.slice(0, 10),
    groups,
  };
}

/** A copy of a resource with its id and every reference inside it prefixed by the case key. */
function keyed(value: unknown, key: string, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => keyed(v, key, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (top && k === 'id' && typeof v === 'string') out[k] = `${key}.${v}`;
    else if (k === 'reference' && typeof v === 'string' && !v.startsWith('#')) {
      out[k] = v.replace(/^(urn:uuid:|(?:.*\/)?[A-Za-z]+\/)?([^/]+)$/, (_m, head: string | undefined, id: string) => `${head ?? ''}${key}.${id}`);
    } else out[k] = keyed(v, key, false);
  }
  return out;
}

/** All cases of a measure as one collection Bundle file in `dir`. */
function writeMergedBundle(cases: TestCase[], dir: string): string {
  const entry = cases.flatMap((c) =>
    c.resources.map((r) => {
      const resource = keyed(r, c.key) as Record<string, unknown>;
      return { fullUrl: `${String(resource.resourceType)}/${String(resource.id)}`, resource };
    }),
  );
  const file = path.join(dir, 'cases.json');
  fs.writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry }));
  return file;
}

/** Actual counts per case key and group for one run. */
async function actualCounts(db: Database, runId: number): Promise<Map<string, Map<string, Counts>>> {
  const rows = await db.queryFile('measures/conformance_counts', { run_id: runId });
  const byCase = new Map<string, Map<string, Counts>>();
  for (const r of rows) {
    const groups = byCase.get(String(r.case_key)) ?? new Map<string, Counts>();
    groups.set(String(r.group_id), {
      'initial-population': Number(r.initial_population),
      denominator: Number(r.denominator),
      'denominator-exclusion': Number(r.denominator_exclusion),
      'denominator-exception': Number(r.denominator_exception),
      numerator: Number(r.numerator),
    });
    byCase.set(String(r.case_key), groups);
  }
  return byCase;
}

/** Compare one case: groups match by id when the report names them, else by position. */
function compare(definition: MeasureDefinition, c: TestCase, actual: Map<string, Counts> | undefined): Mismatch[] {
  const mismatches: Mismatch[] = [];
  c.groups.forEach((expected, i) => {
    const group = definition.populationGroups.find((g) => g.id === expected.id) ?? definition.populationGroups[i];
    const label = expected.id ?? `group ${i + 1}`;
    if (!group) {
      mismatches.push({ file: c.file, group: label, populations: {}, error: `the definition has no group ${i + 1}` });
      return;
    }
    const got = actual?.get(group.id) ?? {};
    const populations: Record<string, [number, number]> = {};
    for (const [code, count] of Object.entries(expected.counts)) {
      const value = got[code as PopulationCode] ?? 0;
      if (value !== count) populations[code] = [count, value];
    }
    if (Object.keys(populations).length > 0) mismatches.push({ file: c.file, group: label, populations });
  });
  return mismatches;
}

async function runMeasureFolder(folder: string, progress: (m: string) => void): Promise<MeasureOutcome> {
  const started = performance.now();
  const name = path.basename(folder);
  const files = caseFiles(folder);
  const definition = findMeasure(name);
  const outcome = (mismatches: Mismatch[], implemented: boolean): MeasureOutcome => {
    const failedFiles = new Set(mismatches.map((m) => m.file));
    return {
      measure: name,
      implemented,
      cases: files.length,
      passed: files.length - failedFiles.size,
      failed: failedFiles.size,
      mismatches,
      ms: Math.round(performance.now() - started),
    };
  };
  if (!definition) {
    return outcome(files.map((file) => ({ file, group: '-', populations: {}, error: 'measure not implemented' })), false);
  }

  const cases = files.map((f, i) => readCase(folder, f, i));
  const db = await Database.open({ path: ':memory:', poolSize: 1 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caliper-conformance-'));
  try {
    await applySchema(db);
    await loadValueSets(db, [path.join(folder, 'valuesets')]);
    const merged = writeMergedBundle(cases, tmp);
    const loaded = await ingestFiles(db, { practice_id: 'conformance', name: `${name} test cases`, format: 'fhir' }, tmp, [merged]);
    if (loaded.files.some((f) => f.status === 'failed')) throw new Error(`${name}: the merged test Bundle failed to load`);
    const rejected = loaded.counts.filter((c) => c.rejected > 0).map((c) => `${c.rejected} ${c.resource_type}`);
    progress(`${name}: ${cases.length} cases loaded${rejected.length ? `; ingest rejected ${rejected.join(', ')} (see rejected_row)` : ''}`);
    const mismatches: Mismatch[] = [];
    const periods = new Map<string, TestCase[]>();
    for (const c of cases) {
      const key = `${c.periodStart}/${c.periodEnd}`;
      periods.set(key, [...(periods.get(key) ?? []), c]);
    }
    for (const group of periods.values()) {
      const { periodStart, periodEnd } = group[0]!;
      const runId = await runMeasures(db, { periodStart, periodEnd, measures: [definition.id], asOf: periodEnd });
      const actual = await actualCounts(db, runId);
      for (const c of group) mismatches.push(...compare(definition, c, actual.get(c.key)));
    }
    return outcome(mismatches, true);
  } catch (error) {
    // A measure that cannot be computed fails all its cases, with the reason; the other measures go on.
    const message = error instanceof Error ? error.message : String(error);
    return outcome(files.map((file) => ({ file, group: '-', populations: {}, error: message })), true);
  } finally {
    db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runConformance(paths: string[], progress: (m: string) => void = () => {}): Promise<ConformanceReport> {
  const started = performance.now();
  const measures: MeasureOutcome[] = [];
  for (const folder of findMeasureFolders(paths)) measures.push(await runMeasureFolder(folder, progress));
  return {
    measures,
    passed: measures.reduce((n, m) => n + m.passed, 0),
    failed: measures.reduce((n, m) => n + m.failed, 0),
    ms: Math.round(performance.now() - started),
  };
}

/** The report as printed by `caliper conformance`; the last line is exactly "N passed, M failed". */
export function formatReport(report: ConformanceReport): string {
  const lines: string[] = [];
  for (const m of report.measures) {
    const state = m.implemented ? '' : ' (not implemented)';
    lines.push(`${m.measure}${state}: ${m.passed}/${m.cases} passed (${(m.ms / 1000).toFixed(1)} s)`);
    if (!m.implemented) continue;
    for (const x of m.mismatches) {
      const diffs = Object.entries(x.populations).map(([p, [e, a]]) => `${p} expected ${e}, actual ${a}`);
      lines.push(`  FAIL ${x.file} [${x.group}]: ${x.error ?? diffs.join('; ')}`);
    }
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
