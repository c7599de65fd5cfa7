// Issue #7's load test, short enough for npm test: concurrent signed-in dashboard requests (autocannon) while
// an ingest (load + patient linking) runs in the same process must all succeed. bench/load.ts is the
// measured version (sample network, longer windows, p50/p95 in the issue note).
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dashboardRequests, hammer } from '../../bench/load-harness.ts';
import { benchNetwork } from '../../bench/network.ts';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import { linkPatients } from '../../server/ingest/link-patients.ts';
import { ingestPaths } from '../../server/ingest/orchestrator.ts';
import { runMeasures } from '../../server/measures/runner.ts';
import { loadReferenceData } from '../../server/pipeline.ts';
import { memoryDb } from '../helpers/memory-db.ts';

let db: Database;
let server: ReturnType<ReturnType<typeof createApp>['listen']>;
let base: string;

beforeAll(async () => {
  db = await memoryDb(4);
  await loadReferenceData(db);
  await ingestPaths(db, [await benchNetwork(300, 'load-test-a')]);
  await linkPatients(db);
  await runMeasures(db, { periodStart: '2026-01-01', periodEnd: '2026-12-31', asOf: '2026-12-31' });
  server = createApp({ db, logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  db?.close();
});

it('answers every concurrent dashboard request while an ingest runs', async () => {
  const requests = await dashboardRequests(db, base);
  const incoming = await benchNetwork(200, 'load-test-b');
  const ingest = (async () => {
    const summary = await ingestPaths(db, [incoming]);
    await linkPatients(db);
    return summary;
  })();
  const during = await hammer(base, requests, { connections: 4, until: ingest });
  const summary = await ingest;
  expect(summary.practices.flatMap((p) => p.counts).reduce((n, c) => n + c.loaded, 0)).toBeGreaterThan(1000);
  expect(during.requests).toBeGreaterThan(requests.length);
  expect({ non2xx: during.non2xx, errors: during.errors, timeouts: during.timeouts }).toEqual({ non2xx: 0, errors: 0, timeouts: 0 });
}, 300_000);
