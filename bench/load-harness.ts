// The load test's two halves, shared by bench/load.ts (the measured run) and test/auth/load.test.ts (a short
// run in npm test): a signed-in network user's dashboard requests, and autocannon firing them until a
// promise settles or for a number of seconds, keeping every response time.
import autocannon from 'autocannon';
import { createUser } from '../server/auth/users.ts';
import type { Database } from '../server/db/database.ts';

const PASSWORD = 'load test password, loopback only';

/** One of each screen's API calls, for a network user created here; each is fetched once (builds marts). */
export async function dashboardRequests(db: Database, base: string): Promise<autocannon.Request[]> {
  await createUser(db, { username: 'load.network', password: PASSWORD, role: 'network' });
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'load.network', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const [gap] = (await db.query(
    `SELECT patient_id, practice_id FROM measure_result WHERE gap AND measure_id = 'cms165' AND practice_id IS NOT NULL ORDER BY patient_id LIMIT 1`,
  )) as [{ patient_id: string; practice_id: string }];
  const paths = [
    '/api/overview',
    '/api/measures/cms165',
    `/api/worklist?measure=cms165&practice=${encodeURIComponent(gap.practice_id)}`,
    `/api/patients/${encodeURIComponent(gap.patient_id)}`,
    '/api/sources',
  ];
  for (const p of paths) {
    const res = await fetch(`${base}${p}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  }
  return paths.map((p) => ({ method: 'GET', path: p, headers: { cookie } }));
}

export interface LoadWindow {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  latencies: number[];
}

/** autocannon against `base` until `until` settles (or for `seconds`). */
export function hammer(
  base: string,
  requests: autocannon.Request[],
  opts: { connections: number; seconds?: number; until?: Promise<unknown> },
): Promise<LoadWindow> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections: opts.connections, duration: opts.seconds ?? 600, requests, timeout: 30 },
      (error, result) => {
        if (error) return reject(error);
        resolve({ requests: result.requests.total, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, seconds: result.duration, latencies });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    void opts.until?.finally(() => instance.stop());
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** p50/p95/p99/max of a window's response times, in ms. */
export function latencyPercentiles(w: LoadWindow): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...w.latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: percentile(sorted, 100) };
}
