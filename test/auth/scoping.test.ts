// Practice scoping, the exporter's aggregate-only access and the audit trail, on every /api route. The
// routes are read from the app's router stack: each must be classified below, so a route added later
// fails this file until someone decides which kind it is, and every patient-level route is then tested
// without further edits.
//   patient-level: exporter 403; a practice user (P1) sees none of another practice's patients (by id,
//     list, search or export; a patient id of theirs is 404); the network user does (the control that
//     the check can fail); each read writes an audit row.
//   aggregate: any role, and no patient identifier in the body for the exporter.
//   admin: 403 for every other role.
// Fixture: test/marts/fixture.ts (patients pt-001..pt-150, named Family<i> Given<i>, practices P1-P3).
import { pino } from 'pino';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { dashboardDb } from '../marts/fixture.ts';
import { apiRoutes, fillPath, routeKey, type ApiRoute } from './api-routes.ts';

const PUBLIC = ['GET /api/health', 'POST /api/auth/login'];
const OWN_SESSION = ['GET /api/auth/me', 'POST /api/auth/logout'];
const ADMIN = ['GET /api/users', 'POST /api/users', 'PATCH /api/users/:username', 'GET /api/audit', 'POST /api/uploads', 'GET /api/uploads', 'GET /api/uploads/:uploadId'];
const AGGREGATE = [
  'GET /api/sources',
  'GET /api/measures/runs',
  'GET /api/measures',
  'GET /api/overview',
  'GET /api/measures/:measureId',
  'GET /api/exports/:format',
  'GET /api/exports/providers',
  'GET /api/planner/baseline',
  'GET /api/planner/scenario',
  'GET /api/planner/peers',
  'GET /api/planner/capitation',
];
const PATIENT_LEVEL = ['GET /api/worklist', 'GET /api/patients/:patientId', 'GET /api/exports/fhir/subject-list', 'GET /api/exports/fhir/patients/:patientId/gaps-in-care'];

/** /api/exports/:format with the parameters each format needs (a network submission names its APM entity). */
const EXPORTS: [format: string, query: string][] = [
  ['qpp', '?apm_entity=A1234'],
  ['qrda3', '?apm_entity=A1234&cehrt_id=0015H0000000001'],
  ['fhir', ''],
  ['xlsx', ''],
  ['pdf', ''],
];
/** Routes that need a query parameter. */
const REQUIRED_QUERY: Record<string, string> = { '/api/planner/capitation': '?pmpm=50', '/api/exports/providers': '?practice=P1' };
/** Formats whose bodies are text (xlsx and pdf are compressed: status only). */
const TEXT_FORMATS = ['qpp', 'qrda3', 'fhir'];

let db: Database;
let app: ReturnType<typeof createApp>;
let routes: ApiRoute[];
let as: Record<'network' | 'practice' | 'exporter' | 'admin', SignedInAgent>;
/** Patients with no record at P1 and not attributed to P1: the P1 user must never see them. */
let foreign: Set<string>;
let foreignPatient: string;

beforeAll(async () => {
  db = await dashboardDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  routes = apiRoutes(app);
  const [network, practice, exporter, admin] = await Promise.all([
    signedInAgent(app, db, 'network'),
    signedInAgent(app, db, 'practice', ['P1']),
    signedInAgent(app, db, 'exporter'),
    signedInAgent(app, db, 'admin'),
  ]);
  as = { network, practice, exporter, admin };
  const rows = await db.query(`
    SELECT p.patient_id
    FROM patient p
    WHERE p.patient_id NOT IN (SELECT l.patient_id FROM patient_link l JOIN patient_record r USING (patient_record_id) WHERE r.practice_id = 'P1')
      AND p.patient_id NOT IN (SELECT patient_id FROM patient_attribution WHERE practice_id = 'P1')
    ORDER BY p.patient_id`);
  foreign = new Set(rows.map((r) => r.patient_id as string));
  // One with open gaps, so every patient-level route has something to show the network user.
  const [gap] = await db.query(`SELECT min(patient_id) AS id FROM measure_result WHERE gap AND practice_id = 'P2' AND list_contains(from_json($ids, '["VARCHAR"]'), patient_id)`, {
    ids: JSON.stringify([...foreign]),
  });
  foreignPatient = gap!.id as string;
});
afterAll(() => db?.close());

/** The response body as text (Arrow streams included: their strings are UTF-8 bytes). */
const bodyText = (res: Response) => (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : res.text ?? JSON.stringify(res.body));

/** Patient ids a body reveals, by id (pt-007) or by name (Family7). */
function patientsIn(res: Response): Set<string> {
  const text = bodyText(res);
  const ids = [...text.matchAll(/pt-(\d{3})/g)].map((m) => `pt-${m[1]}`);
  const named = [...text.matchAll(/(?:Family|Given|FAMILY|GIVEN)(\d{1,3})(?!\d)/g)].map((m) => `pt-${m[1]!.padStart(3, '0')}`);
  return new Set([...ids, ...named]);
}

const foreignIn = (res: Response) => [...patientsIn(res)].filter((id) => foreign.has(id));

/** Binary bodies (Arrow, xlsx, pdf) are buffered so they can be searched. */
const get = (agent: SignedInAgent, url: string) =>
  agent.get(url).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/** The URLs a route is tested with: its path with parameters filled in. */
function urlsOf(route: ApiRoute): string[] {
  if (route.path === '/api/exports/:format') return EXPORTS.map(([format, query]) => `${fillPath(route.path, { format })}${query}`);
  return [fillPath(route.path, { patientId: foreignPatient, measureId: 'cms165' }) + (REQUIRED_QUERY[route.path] ?? '')];
}

describe('every route is classified', () => {
  it('lists each /api route under exactly one kind', () => {
    const kinds = [PUBLIC, OWN_SESSION, ADMIN, AGGREGATE, PATIENT_LEVEL].flat();
    expect(new Set(kinds).size).toBe(kinds.length);
    const unclassified = routes.map(routeKey).filter((k) => !kinds.includes(k));
    expect(unclassified, 'classify these routes in test/auth/scoping.test.ts').toEqual([]);
    const gone = kinds.filter((k) => !routes.some((r) => routeKey(r) === k));
    expect(gone, 'these classified routes no longer exist').toEqual([]);
  });
});

describe('patient-level routes', () => {
  const patientRoutes = () => routes.filter((r) => PATIENT_LEVEL.includes(routeKey(r)));

  it('refuse the exporter', async () => {
    for (const route of patientRoutes()) {
      for (const url of urlsOf(route)) {
        const res = await as.exporter.get(url);
        expect(res.status, url).toBe(403);
        expect(foreignIn(res), url).toEqual([]);
      }
    }
  });

  it("show the network user another practice's patient (the control), and the practice user none, by id, list and search", async () => {
    let searches = 0;
    for (const route of patientRoutes()) {
      for (const url of urlsOf(route)) {
        const network = await get(as.network, url);
        expect(network.status, `${url} as network`).toBe(200);
        expect(foreignIn(network).length, `${url} as network shows another practice's patients`).toBeGreaterThan(0);

        const practice = await get(as.practice, url);
        if (route.path.includes(':patientId')) {
          // Out of scope answers exactly as a patient that does not exist (existence is not revealed).
          const missing = await get(as.practice, fillPath(route.path, { patientId: 'pt-999' }));
          expect(practice.status, `${url} as a P1 user`).toBe(404);
          expect(bodyText(practice)).toBe(bodyText(missing).replaceAll('pt-999', foreignPatient));
        } else {
          expect(practice.status, `${url} as a P1 user`).toBe(200);
          expect(foreignIn(practice), `${url} as a P1 user`).toEqual([]);
        }

        const search = `${url}${url.includes('?') ? '&' : '?'}q=${foreignPatient}`;
        const searched = await get(as.network, search);
        if (searched.status === 400) continue; // the route takes no search
        searches++;
        expect(foreignIn(searched), `${search} as network`).toContain(foreignPatient);
        const practiceSearch = await get(as.practice, search);
        expect(practiceSearch.status).toBe(200);
        expect(foreignIn(practiceSearch), `${search} as a P1 user`).toEqual([]);
      }
    }
    expect(searches, 'routes that search by name or id').toBeGreaterThan(0);
  });

  it('write one audit row per read, naming the user, route and request', async () => {
    for (const route of patientRoutes()) {
      for (const url of urlsOf(route)) {
        const count = async () =>
          (await db.query(`SELECT count(*) AS n FROM audit_log WHERE route = $route AND request = $request`, { route: route.path, request: `GET ${url}` }))[0]!.n as number;
        const before = await count();
        expect((await get(as.network, url)).status).toBe(200);
        expect(await count(), url).toBe(before + 1);
        const [row] = await db.query(`SELECT username, role, patient_ids, patient_count FROM audit_log WHERE route = $route ORDER BY audit_id DESC LIMIT 1`, { route: route.path });
        expect(row!.role).toBe('network');
        expect(row!.username).toMatch(/^test-network-/);
        expect(row!.patient_count as number, url).toBeGreaterThan(0);
        if (row!.patient_ids !== null) expect(row!.patient_ids as string[]).toHaveLength(row!.patient_count as number);
      }
    }
  });
});

describe('aggregate routes', () => {
  it('answer the exporter without a patient identifier', async () => {
    for (const route of routes.filter((r) => AGGREGATE.includes(routeKey(r)))) {
      for (const url of urlsOf(route)) {
        const res = await get(as.exporter, url);
        // 404: the fixture lacks what the route needs (e.g. the planner's settlement inputs); never 401/403.
        expect([200, 404], url).toContain(res.status);
        const text = !url.startsWith('/api/exports/') || TEXT_FORMATS.some((f) => url.split('?')[0]!.endsWith(`/${f}`));
        if (text) expect([...patientsIn(res)], url).toEqual([]);
      }
    }
  });
});

describe('admin routes', () => {
  it('refuse every other role', async () => {
    for (const route of routes.filter((r) => ADMIN.includes(routeKey(r)))) {
      const url = fillPath(route.path, { username: 'nobody', uploadId: '00000000-0000-4000-8000-000000000000' });
      for (const role of ['network', 'practice', 'exporter'] as const) {
        const res = await as[role][route.method.toLowerCase() as 'get'](url);
        expect(res.status, `${route.method} ${url} as ${role}`).toBe(403);
      }
    }
  });
});
