// Browser-test global setup: build the client once (only when stale), then serve it with createApp on
// ephemeral ports over two in-memory databases: the sample network (data-samples/, built once by the
// pipeline, ~20 s of CPU) so every screen shows real results, and an empty one for the empty states. Both hold the demo users; the empty
// one listens on 127.0.0.2 so the two session cookies (cookies ignore ports) do not overwrite each other.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../server/app.ts';
import { REPO_ROOT } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { buildDatabase } from '../../server/pipeline.ts';
import { ensureDemoUsers } from '../../server/auth/demo-users.ts';
import { CLIENT_DIR, ensureClientBuilt } from '../../server/cli/client-build.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { CHROMIUM } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    seededUrl: string;
    emptyUrl: string;
  }
}

async function startApp(host: string, seed?: (db: Database) => Promise<unknown>): Promise<{ url: string; stop: () => Promise<void> }> {
  const db = await memoryDb();
  if (seed) await seed(db);
  await ensureDemoUsers(db);
  const app = createApp({ db, logger: pino({ level: 'silent' }), clientDir: CLIENT_DIR });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => { db.close(); resolve(); })),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run installs it).`);
  }
  await ensureClientBuilt();
  const seeded = await startApp('127.0.0.1', (db) => buildDatabase(db, path.join(REPO_ROOT, 'data-samples'), () => {}));
  const empty = await startApp('127.0.0.2');
  project.provide('seededUrl', seeded.url);
  project.provide('emptyUrl', empty.url);
  return async () => {
    await Promise.all([seeded.stop(), empty.stop()]);
  };
}
