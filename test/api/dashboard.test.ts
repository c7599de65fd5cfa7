// The dashboard API (GET /api/overview, /api/measures/:id, /api/worklist, /api/patients/:id) over the made-up
// network of test/marts/fixture.ts: every number equals a direct count over measure_result, the worklist is an
// Arrow stream with the documented columns, and patient-level routes are scoped to the viewer and audited.
import { DataType, tableFromIPC } from 'apache-arrow';
import { pino } from 'pino';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { readTextPool } from '../../server/marts/worklist-text.ts';
import { worklistStream } from '../../server/marts/worklist-stream.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { dashboardDb } from '../marts/fixture.ts';

let db: Database;
let network: SignedInAgent;
let practiceP1: SignedInAgent;
let practiceP2P3: SignedInAgent;
let exporter: SignedInAgent;

beforeAll(async () => {
  db = await dashboardDb(); // marts are built on first request (the run predates them)
  const app = createApp({ db, logger: pino({ level: 'silent' }) });
  [network, practiceP1, practiceP2P3, exporter] = await Promise.all([
    signedInAgent(app, db, 'network'),
    signedInAgent(app, db, 'practice', ['P1']),
    signedInAgent(app, db, 'practice', ['P2', 'P3']),
    signedInAgent(app, db, 'exporter'),
  ]);
});
afterAll(() => db?.close());

interface DirectCounts {
  key: string;
  initial_population: number;
  denominator: number;
  denominator_exclusion: number;
  denominator_exception: number;
  numerator: number;
  open_gaps: number;
}

/** Population counts straight from measure_result, for cms165, per `key` (a SQL expression). */
const direct = async (key: string, where = 'true'): Promise<DirectCounts[]> =>
  (await db.query(
    `SELECT ${key} AS key,
            count(*) FILTER (WHERE initial_population)::INTEGER AS initial_population,
            count(*) FILTER (WHERE denominator)::INTEGER AS denominator,
            count(*) FILTER (WHERE denominator_exclusion)::INTEGER AS denominator_exclusion,
            count(*) FILTER (WHERE denominator_exception)::INTEGER AS denominator_exception,
            count(*) FILTER (WHERE numerator)::INTEGER AS numerator,
            count(*) FILTER (WHERE gap)::INTEGER AS open_gaps
     FROM measure_result WHERE run_id = 1 AND measure_id = $measure AND ${where}
     GROUP BY ALL ORDER BY key`,
    { measure: 'cms165' },
  )) as unknown as DirectCounts[];

const countsOf = ({ initial_population, denominator, denominator_exclusion, denominator_exception, numerator, open_gaps }: Record<string, unknown>) => ({
  initial_population,
  denominator,
  denominator_exclusion,
  denominator_exception,
  numerator,
  open_gaps,
});

const arrow = (agent: SignedInAgent, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('GET /api/overview', () => {
  it('shows every measure group of the run with the network counts of measure_result', async () => {
    const res = await network.get('/api/overview');
    expect(res.status).toBe(200);
    expect(res.body.run).toEqual({ run_id: 1, period_start: '2026-01-01', period_end: '2026-12-31', as_of: '2026-10-31', attribution_method: 'visits' });
    expect(res.body.filters.payers).toEqual(['1', '2', '5', 'Unknown']);
    expect(res.body.filters.practices.map((p: { practice_id: string }) => p.practice_id)).toEqual(['P1', 'P2', 'P3', 'Unattributed']);
    expect(res.body.measures.map((m: { measure_id: string; group_id: string }) => `${m.measure_id}/${m.group_id}`)).toEqual([
      'cms122/Group_1', 'cms165/Group_1', 'cms138/Group_1', 'cms138/Group_2', 'cms138/Group_3', // registry order
    ]);
    const cms165 = res.body.measures.find((m: { measure_id: string }) => m.measure_id === 'cms165');
    const [all] = await direct("'*'");
    expect(countsOf(cms165)).toEqual(countsOf({ ...all! }));
    expect(cms165.performance_rate).toBeCloseTo((100 * all!.numerator) / (all!.denominator - all!.denominator_exclusion));
    expect(cms165).toMatchObject({ cms_id: expect.stringMatching(/^CMS165/), mips_id: '236', inverse: false });
    expect(cms165.benchmark.percentiles).toHaveLength(9);
    expect(cms165.trend).toHaveLength(12);
    expect(cms165.trend.at(-1)).toMatchObject({ month_end: '2026-12-31', numerator: all!.numerator });
    expect(res.body.measures.find((m: { measure_id: string }) => m.measure_id === 'cms122').inverse).toBe(true);
  });

  it('narrows to one practice and one payer', async () => {
    const res = await network.get('/api/overview?practice=P2&payer=1');
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ practice_id: 'P2', payer: '1' });
    const cms165 = res.body.measures.find((m: { measure_id: string }) => m.measure_id === 'cms165');
    const [p2] = await direct("'P2'", "practice_id = 'P2' AND payer = '1'");
    expect(countsOf(cms165)).toEqual(countsOf({ ...p2! }));
    expect(cms165.trend.at(-1).numerator).toBe(p2!.numerator);
  });

  it('rejects unknown parameters and practices, and says when a run does not exist', async () => {
    expect((await network.get('/api/overview?sort=x')).status).toBe(400);
    expect((await network.get('/api/overview?practice=P9')).status).toBe(404);
    expect((await network.get('/api/overview?run=7')).body.error.code).toBe('NotFound');
  });
});

describe('GET /api/measures/:measureId', () => {
  it('compares practices and providers, and stratifies the network, as measure_result counts them', async () => {
    const res = await network.get('/api/measures/cms165?level=provider');
    expect(res.status).toBe(200);
    expect(res.body.measure).toMatchObject({ measure_id: 'cms165', inverse: false, groups: [{ group_id: 'Group_1' }] });
    const practices = await direct("coalesce(practice_id, 'Unattributed')");
    expect(res.body.practices.map((p: Record<string, unknown>) => ({ key: p.entity_id, ...countsOf(p) }))).toEqual(practices);
    expect(res.body.practices[0]).toMatchObject({ entity_id: 'P1', name: 'Practice One', decile: expect.any(Number) });
    expect(res.body.network.benchmark).toMatchObject({ benchmark_measure_id: '236' });
    const providers = await direct("coalesce(provider_id, 'Unattributed')");
    expect(res.body.providers.map((p: Record<string, unknown>) => ({ key: p.entity_id, ...countsOf(p) }))).toEqual(providers);
    expect(res.body.providers[0]).toMatchObject({ entity_id: 'P1/d1', name: 'Doctor1, P1', practice_id: 'P1' });
    const ageBands = await direct('age_band');
    const strata = res.body.strata.filter((s: { stratifier: string }) => s.stratifier === 'age_band');
    expect(strata.map((s: Record<string, unknown>) => ({ key: s.stratum, ...countsOf(s) }))).toEqual(ageBands);
    expect(new Set(res.body.strata.map((s: { stratifier: string }) => s.stratifier))).toEqual(
      new Set(['age_band', 'sex', 'race', 'ethnicity', 'payer', 'stratum']),
    );
    expect(res.body.trend).toHaveLength(12);
  });

  it('sends providers only at provider level, all of them or one practice\'s', async () => {
    const practiceLevel = await network.get('/api/measures/cms165');
    expect(practiceLevel.body.scope).toMatchObject({ level: 'practice', practice_id: null });
    expect(practiceLevel.body.providers).toEqual([]);
    expect(practiceLevel.body.practices.length).toBeGreaterThan(0);
    const p1 = await network.get('/api/measures/cms165?level=provider&practice=P1');
    expect(p1.body.scope).toMatchObject({ level: 'provider', practice_id: 'P1' });
    const providers = await direct('provider_id', "provider_id IN (SELECT provider_id FROM provider WHERE practice_id = 'P1')");
    expect(p1.body.providers.map((p: Record<string, unknown>) => ({ key: p.entity_id, ...countsOf(p) }))).toEqual(providers);
    expect(providers.length).toBeGreaterThan(0);
    expect((await network.get('/api/measures/cms165?level=doctor')).status).toBe(400);
  });

  it('filters by payer (no payer strata then) and refuses a measure or group not in the run', async () => {
    const res = await network.get('/api/measures/cms165?payer=2');
    const [medicaid] = await direct("'*'", "payer = '2'");
    expect(countsOf(res.body.network)).toEqual(countsOf({ ...medicaid! }));
    expect(res.body.strata.some((s: { stratifier: string }) => s.stratifier === 'payer')).toBe(false);
    expect((await network.get('/api/measures/cms2')).status).toBe(404);
    expect((await network.get('/api/measures/cms165?group=Group_9')).status).toBe(404);
  });
});

describe('GET /api/measures (the rates list)', () => {
  it('reads the run’s cube: the network and a practice count as measure_result does', async () => {
    const all = await network.get('/api/measures');
    expect(all.status).toBe(200);
    const cms165 = all.body.measures.find((m: { measure_id: string }) => m.measure_id === 'cms165');
    expect(countsOf(cms165)).toEqual(countsOf({ ...(await direct("'network'"))[0]! }));
    const p2 = await network.get('/api/measures?practice=P2');
    expect(p2.body.practice_id).toBe('P2');
    const perPractice = await direct('coalesce(practice_id, \'Unattributed\')');
    expect(countsOf(p2.body.measures.find((m: { measure_id: string }) => m.measure_id === 'cms165'))).toEqual(countsOf({ ...perPractice.find((r) => r.key === 'P2')! }));
    expect(p2.body.practices.map((p: { practice_id: string }) => p.practice_id)).toContain('P2');
  });
});

describe('GET /api/worklist', () => {
  const COLUMNS = [
    'patient_id', 'patient_name', 'birth_date', 'sex', 'measure_id', 'group_id', 'practice_id', 'provider_id', 'gap_reason',
    'gap_text', 'evidence_date', 'evidence_value', 'close_action', 'close_by', 'last_visit',
  ];

  it('sends every open gap as an Arrow stream with the documented columns, soonest deadline first', async () => {
    const res = await arrow(network, '/api/worklist');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.apache\.arrow\.stream/);
    const table = tableFromIPC(res.body as Buffer);
    expect(table.schema.fields.map((f) => f.name)).toEqual(COLUMNS);
    const [gaps] = await db.query('SELECT count(*)::INTEGER AS n FROM measure_result WHERE run_id = 1 AND gap');
    expect(table.numRows).toBe(gaps!.n);
    const closeBy = [...table.getChild('close_by')!].map((d) => Number(d));
    expect(closeBy).toEqual([...closeBy].sort((a, b) => a - b));
    expect(res.headers['x-worklist-truncated']).toBe('false');
  });

  it('sends text as dictionaries of just the values used, decoding to the stored text row by row', async () => {
    const table = tableFromIPC((await arrow(network, '/api/worklist?measure=cms165')).body as Buffer);
    const text = COLUMNS.filter((c) => !['birth_date', 'evidence_date', 'close_by', 'last_visit'].includes(c));
    expect(table.schema.fields.filter((f) => DataType.isDictionary(f.type)).map((f) => f.name)).toEqual(text);
    expect(table.getChild('measure_id')!.data[0]!.dictionary!.toArray()).toEqual(['cms165']);
    const stored = await db.query(
      `SELECT patient_id, patient_name, gap_text, close_action FROM worklist_gap WHERE run_id = 1 AND measure_id = 'cms165'
       ORDER BY close_by NULLS LAST, patient_name, patient_id`,
    );
    expect(table.toArray().map((r) => ({ patient_id: r.patient_id, patient_name: r.patient_name, gap_text: r.gap_text, close_action: r.close_action }))).toEqual(stored);
  });

  it('shows a practice user only patients attributed to, or with a record at, their practice', async () => {
    const table = tableFromIPC((await arrow(practiceP1, '/api/worklist')).body as Buffer);
    const expected = await db.query(`
      SELECT DISTINCT r.patient_id FROM measure_result r
      WHERE r.run_id = 1 AND r.gap
        AND (r.practice_id = 'P1' OR r.patient_id IN (SELECT patient_id FROM patient_record_link WHERE practice_id = 'P1'))
      ORDER BY 1`);
    expect([...new Set(table.getChild('patient_id')!)].sort()).toEqual(expected.map((r) => r.patient_id));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('answers the network\'s, a measure\'s and a practice user\'s worklist from the slices stored with the marts, as computed', async () => {
    // (Equal as decoded tables: apache-arrow numbers dictionaries per process, so the bytes differ by those ids.)
    expect((await arrow(network, '/api/worklist?measure=cms165')).status).toBe(200); // the marts are built on first use
    const slices = await db.query('SELECT seen_by, measure_id, group_id FROM worklist_slice WHERE run_id = 1 ORDER BY ALL');
    const every = { seen_by: '*', measure_id: '*', group_id: '*' };
    expect(slices).toEqual([
      every, // the whole network's
      { ...every, measure_id: 'cms122' },
      { ...every, measure_id: 'cms138' }, { ...every, measure_id: 'cms138', group_id: 'Group_1' },
      { ...every, measure_id: 'cms138', group_id: 'Group_2' }, { ...every, measure_id: 'cms138', group_id: 'Group_3' },
      { ...every, measure_id: 'cms165' },
      { ...every, seen_by: 'P1' }, { ...every, seen_by: 'P2' }, { ...every, seen_by: 'P3' }, // what each practice's users see
    ]);
    const none = { measure_id: null, group_id: null, practice_id: null, provider_id: null, payer: null, q: null };
    const computed = (measure_id: string | null, group_id: string | null, scope: string | null = null) =>
      db.withConnection(async (c) => (await worklistStream(c, 1, { ...none, measure_id, group_id }, scope, await readTextPool(c, 1))).ipc);
    const p1 = await arrow(practiceP1, '/api/worklist');
    expect(tableFromIPC(p1.body as Buffer).toArray().map((r) => r.toJSON())).toEqual(tableFromIPC(await computed(null, null, '["P1"]')).toArray().map((r) => r.toJSON()));
    for (const [url, measure, group] of [
      ['/api/worklist', null, null],
      ['/api/worklist?measure=cms138', 'cms138', null], // no open gaps in this network: still the schema
      ['/api/worklist?measure=cms138&group=Group_2', 'cms138', 'Group_2'],
      ['/api/worklist?measure=cms165', 'cms165', null],
      ['/api/worklist?measure=cms165&group=Group_1', 'cms165', 'Group_1'],
    ] as const) {
      const res = await arrow(network, url);
      const [sent, expected] = [tableFromIPC(res.body as Buffer), tableFromIPC(await computed(measure, group))];
      expect(sent.schema.fields.map(String), url).toEqual(expected.schema.fields.map(String));
      expect(sent.toArray().map((r) => r.toJSON()), url).toEqual(expected.toArray().map((r) => r.toJSON()));
      const [gaps] = await db.query(
        'SELECT count(*)::INTEGER AS n FROM measure_result WHERE run_id = 1 AND gap AND ($m::VARCHAR IS NULL OR measure_id = $m) AND ($g::VARCHAR IS NULL OR group_id = $g)',
        { m: measure, g: group },
      );
      expect(sent.numRows, url).toBe(gaps!.n);
    }
    // Stored gzipped and sent so (RFC 9110 8.4), or as the stream itself to a client that does not take gzip.
    const gzipped = await arrow(network, '/api/worklist?measure=cms165');
    const identity = await arrow(network, '/api/worklist?measure=cms165').set('Accept-Encoding', 'identity');
    expect([gzipped.headers['content-encoding'], identity.headers['content-encoding']]).toEqual(['gzip', undefined]);
    expect(tableFromIPC(identity.body as Buffer).toArray().map((r) => r.toJSON())).toEqual(tableFromIPC(gzipped.body as Buffer).toArray().map((r) => r.toJSON()));
    const [audit] = await db.query("SELECT patient_count FROM audit_log WHERE route = '/api/worklist' ORDER BY audit_id DESC LIMIT 1");
    const [patients] = await db.query("SELECT count(DISTINCT patient_id)::INTEGER AS n FROM measure_result WHERE run_id = 1 AND gap AND measure_id = 'cms165'");
    expect(patients!.n).toBeGreaterThan(0);
    expect(audit!.patient_count).toBe(patients!.n);
  });

  it('shows a user of several practices every gap any of them may see, once', async () => {
    const table = tableFromIPC((await arrow(practiceP2P3, '/api/worklist')).body as Buffer);
    const expected = await db.query(`
      SELECT r.patient_id || '/' || r.measure_id || '/' || r.group_id AS gap FROM measure_result r
      WHERE r.run_id = 1 AND r.gap
        AND (r.practice_id IN ('P2', 'P3')
             OR r.patient_id IN (SELECT patient_id FROM patient_record_link WHERE practice_id IN ('P2', 'P3')))
      ORDER BY 1`);
    const gaps = table.toArray().map((r) => `${r.patient_id}/${r.measure_id}/${r.group_id}`);
    expect(gaps.sort()).toEqual(expected.map((r) => r.gap));
    expect(new Set(gaps).size).toBe(gaps.length);
    const seenBy = (p: string) => `(r.practice_id = '${p}' OR r.patient_id IN (SELECT patient_id FROM patient_record_link WHERE practice_id = '${p}'))`;
    const shared = await db.query(`SELECT count(*)::INTEGER AS n FROM measure_result r WHERE r.run_id = 1 AND r.gap AND ${seenBy('P2')} AND ${seenBy('P3')}`);
    expect(shared[0]!.n).toBeGreaterThan(0); // the fixture has gaps both practices see
  });

  it('filters by measure, practice, payer and name, and still sends the schema when nothing matches', async () => {
    const table = tableFromIPC((await arrow(network, '/api/worklist?measure=cms122&practice=P3&payer=5')).body as Buffer);
    const [n] = await db.query(`SELECT count(*)::INTEGER AS n FROM measure_result
                                WHERE run_id = 1 AND gap AND measure_id = 'cms122' AND practice_id = 'P3' AND payer = '5'`);
    expect(table.numRows).toBe(n!.n);
    const named = tableFromIPC((await arrow(network, '/api/worklist?q=family11,')).body as Buffer);
    expect(new Set(named.getChild('patient_name'))).toEqual(new Set(['Family11, Given11']));
    const none = tableFromIPC((await arrow(network, '/api/worklist?q=nobody')).body as Buffer);
    expect(none.numRows).toBe(0);
    expect(none.schema.fields.map((f) => f.name)).toEqual(COLUMNS);
  });

  it('refuses roles without patient access and records who read how many patients', async () => {
    expect((await exporter.get('/api/worklist')).status).toBe(403);
    const before = await db.query(`SELECT count(*)::INTEGER AS n FROM audit_log WHERE route = '/api/worklist'`);
    await arrow(practiceP1, '/api/worklist?measure=cms165');
    const [entry] = await db.query(
      `SELECT role, patient_count::INTEGER AS patient_count, (SELECT count(*) FROM audit_log WHERE route = '/api/worklist')::INTEGER AS n
       FROM audit_log WHERE route = '/api/worklist' ORDER BY audit_id DESC LIMIT 1`,
    );
    expect(entry).toMatchObject({ role: 'practice', n: Number(before[0]!.n) + 1 });
    expect(entry!.patient_count).toBeGreaterThan(0);
  });
});

describe('GET /api/patients/:patientId', () => {
  it('shows the patient, attribution, linked records, every outcome as stored and the deciding records', async () => {
    const res: Response = await network.get('/api/patients/pt-010');
    expect(res.status).toBe(200);
    expect(res.body.patient).toEqual({
      patient_id: 'pt-010', name: 'Family10, Given10', birth_date: '1952-08-28', sex: 'female', race: '2106-3', ethnicity: '2186-5', postal_code: '43210',
    });
    expect(res.body.attribution).toEqual({ practice_id: 'P2', practice_name: 'Practice Two', provider_id: null, provider_name: null });
    expect(res.body.records.map((r: { practice_id: string; link_rule: string }) => [r.practice_id, r.link_rule])).toEqual([
      ['P2', 'SINGLETON'],
      ['P3', 'MBI'],
    ]);
    const stored = await db.query(
      `SELECT measure_id, numerator, gap, close_by::VARCHAR AS close_by FROM measure_result WHERE run_id = 1 AND patient_id = 'pt-010' ORDER BY measure_id`,
    );
    expect(res.body.measures.map((m: Record<string, unknown>) => ({ measure_id: m.measure_id, numerator: m.numerator, gap: m.gap, close_by: m.close_by }))).toEqual(stored);
    expect(res.body.measures[0].title).toBeTruthy();
    expect(res.body.timeline.map((t: { table: string; record_id: string }) => `${t.table}:${t.record_id}`)).toEqual([
      'encounter:P2/e10', 'encounter:P3/ex10',
    ]);
  });

  it('answers 404 for a patient outside a practice user’s practices, as for one that does not exist, and audits reads', async () => {
    // pt-002: home P3, no record at P1; pt-010: record at P3 only besides P2; pt-001: home P2 -> none are P1's.
    expect((await practiceP1.get('/api/patients/pt-002')).status).toBe(404);
    expect((await practiceP1.get('/api/patients/pt-999')).status).toBe(404);
    expect((await practiceP1.get('/api/patients/pt-003')).status).toBe(200); // home P1
    expect((await exporter.get('/api/patients/pt-003')).status).toBe(403);
    const [entry] = await db.query(
      `SELECT patient_ids FROM audit_log WHERE route = '/api/patients/:patientId' ORDER BY audit_id DESC LIMIT 1`,
    );
    expect(entry?.patient_ids).toEqual(['pt-003']);
  });
});
