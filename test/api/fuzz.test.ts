// Hostile and malformed input on every /api route (read from the router stack, so new routes are fuzzed
// without editing this file): SQL fragments, parameter-name lookalikes, path tricks, huge strings, wrong
// types, arrays and objects where scalars belong, odd unicode. Every answer must be a 4xx or a success in
// the one JSON error shape; never a 5xx, never a stack trace.
import { pino } from 'pino';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { apiRoutes, routeKey, type ApiRoute } from '../auth/api-routes.ts';
import { signedInAgent, type SignedInAgent } from '../helpers/auth.ts';
import { dashboardDb } from '../marts/fixture.ts';

const HOSTILE: string[] = [
  "' OR '1'='1",
  "1; DROP TABLE patient; --",
  "1 UNION SELECT password_hash FROM app_user",
  '$practice_ids',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '\u0000',
  '%',
  '-1',
  '1e309',
  '99999999999999999999999',
  'null',
  '{"$gt":""}',
  '<script>alert(1)</script>',
  '𝕮𝖆𝖑𝖎𝖕𝖊𝖗 👩‍⚕️ \u202Emoc.elpmaxe \uFEFF',
  '',
  'x'.repeat(8_000),
];

/** Query parameter names the routes take (and some they do not). */
const QUERY_KEYS = ['run', 'measure', 'group', 'practice', 'provider', 'payer', 'q', 'page', 'per_page', 'username', 'patient', 'period', 'measures', 'suppress', 'apm_entity', 'cehrt_id', 'limit', 'sql'];

/** JSON bodies of the wrong shape, and hostile values under the keys the routes read. */
const BODY_KEYS = ['username', 'password', 'role', 'practice_ids', 'disabled', 'practice_id'];
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, true, [], {}, ['a', 'b'], { $ne: null }, 'x'.repeat(300_000), ['P01', { nested: [1, [2, [3]]] }]];
/** Sent as raw JSON text. */
const BODIES: string[] = [
  'null',
  '[]',
  '"plain string"',
  '42',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  ...BODY_KEYS.flatMap((key) => [...HOSTILE.slice(0, 8), ...WRONG_VALUES].map((v) => JSON.stringify({ [key]: v }))),
  JSON.stringify({ username: "admin' --", password: "' OR '1'='1" }),
  JSON.stringify({ username: 'fuzz.user', password: 'long enough password', role: 'practice', practice_ids: ["P1'; DROP TABLE practice; --"] }),
];

let db: Database;
let app: ReturnType<typeof createApp>;
let admin: SignedInAgent;
let routes: ApiRoute[];
beforeAll(async () => {
  db = await dashboardDb();
  app = createApp({ db, logger: pino({ level: 'silent' }) });
  admin = await signedInAgent(app, db, 'admin');
  // Signing out ends the fuzzing session, so it goes last.
  routes = apiRoutes(app).sort((a, b) => Number(routeKey(a) === 'POST /api/auth/logout') - Number(routeKey(b) === 'POST /api/auth/logout'));
});
afterAll(() => db?.close());

const failures: string[] = [];

function check(what: string, res: Response): void {
  const text = res.text ?? '';
  if (res.status >= 500) failures.push(`${what} → ${res.status} ${text.slice(0, 200)}`);
  else if (res.status >= 400 && res.status !== 431) {
    const body = res.body as { error?: { code?: unknown; message?: unknown } };
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') failures.push(`${what} → ${res.status} without the error shape: ${text.slice(0, 200)}`);
  }
  if (/\bat .+\.(ts|js):\d+/.test(text) || /node_modules/.test(text)) failures.push(`${what} → a stack trace in the body`);
}

/** Send requests a few at a time (the app runs in this process; DuckDB has a small pool). */
async function sendAll(requests: [string, () => Promise<Response>][]): Promise<number> {
  for (let i = 0; i < requests.length; i += 8) {
    const batch = requests.slice(i, i + 8);
    const responses = await Promise.all(batch.map(([, send]) => send()));
    responses.forEach((res, j) => check(batch[j]![0], res));
  }
  return requests.length;
}

/**
 * The query parameters a GET route reads, so the hostile values go where they reach code: routes validate
 * their query with strict zod schemas, which answer an unknown key with 400 "Unrecognized key". A route
 * that answers an unknown key like any other request does not read its query string: one probe each.
 */
async function acceptedKeys(url: string): Promise<string[]> {
  const unknownKey = (res: Response) => res.status === 400 && JSON.stringify(res.body).includes('Unrecognized key');
  const probe = async (key: string) => {
    const res = await admin.get(`${url}?${key}=1`);
    check(`GET ${url}?${key}=1`, res);
    return res;
  };
  const ignored = await probe('zz_not_a_parameter');
  if (!unknownKey(ignored)) return [];
  const accepted: string[] = [];
  for (const key of QUERY_KEYS) if (!unknownKey(await probe(key))) accepted.push(key);
  return accepted;
}

const encode = (v: string) => encodeURIComponent(v);
const method = (r: ApiRoute) => r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
/** The route's path with every parameter set to `value`. */
const withParams = (path: string, value: string) => path.replace(/:(\w+)/g, () => encode(value));
/** Parameter values that exist in the fixture, so hostile query strings reach the route's code. */
const EXISTING: Record<string, string> = { format: 'fhir', measureId: 'cms165', patientId: 'pt-002', username: 'nobody', uploadId: '00000000-0000-4000-8000-000000000000' };
const withExisting = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => EXISTING[name] ?? 'x1');

describe('fuzzing every route', () => {
  it('answers hostile path parameters, query strings, bodies and headers with 4xx, never 5xx', { timeout: 600_000 }, async () => {
    const requests: [string, () => Promise<Response>][] = [];
    for (const route of routes) {
      const m = method(route);
      const base = withExisting(route.path);
      if (route.path.includes(':')) {
        for (const v of HOSTILE) requests.push([`${route.method} ${route.path} param=${JSON.stringify(v.slice(0, 40))}`, () => admin[m](withParams(route.path, v))]);
      }
      if (m === 'get') {
        for (const key of await acceptedKeys(base)) {
          for (const v of HOSTILE) requests.push([`GET ${route.path}?${key}=${JSON.stringify(v.slice(0, 40))}`, () => admin.get(`${base}?${key}=${encode(v)}`)]);
          requests.push([`GET ${route.path}?${key}[]=array`, () => admin.get(`${base}?${key}=1&${key}=2`)]);
          requests.push([`GET ${route.path}?${key}[a]=object`, () => admin.get(`${base}?${key}[a]=1`)]);
        }
      } else {
        for (const body of BODIES) requests.push([`${route.method} ${route.path} body=${body.slice(0, 60)}`, () => admin[m](base).set('content-type', 'application/json').send(body)]);
        requests.push([`${route.method} ${route.path} malformed JSON`, () => admin[m](base).set('content-type', 'application/json').send('{"username": "a",')]);
        requests.push([`${route.method} ${route.path} 2 MB JSON`, () => admin[m](base).set('content-type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(2 ** 21) }))]);
        requests.push([`${route.method} ${route.path} form-encoded`, () => admin[m](base).type('form').send('username=admin&password=x')]);
        requests.push([`${route.method} ${route.path} broken multipart`, () => admin[m](base).set('content-type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="files"; filename="../../a.json"\r\n\r\n{')]);
      }
      // Hostile credentials on the way in: forged cookies and CSRF tokens.
      for (const v of HOSTILE.slice(0, 6)) {
        requests.push([`${route.method} ${route.path} cookie=${JSON.stringify(v)}`, () => admin[m](base).set('Cookie', `caliper_session=${encode(v)}`)]);
        if (m !== 'get') requests.push([`${route.method} ${route.path} csrf=${JSON.stringify(v)}`, () => admin[m](base).set('X-CSRF-Token', encode(v)).send({})]);
      }
    }
    const sent = await sendAll(requests);
    expect(sent).toBeGreaterThan(routes.length * 20);
    expect(failures).toEqual([]);
    // Nothing the fuzzing sent created a user or changed the data.
    expect((await db.query(`SELECT count(*) AS n FROM app_user`))[0]!.n).toBe(1);
    expect((await db.query(`SELECT count(*) AS n FROM patient`))[0]!.n).toBe(150);
  });
});
