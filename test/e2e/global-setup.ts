// Browser-test global setup: build the client once (only when stale), then serve it with createApp on
// ephemeral ports over two in-memory databases, one seeded with a small network and one empty.
// Seeded with SQL so these tests do not depend on the ingest modules.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../server/app.ts';
import { CLIENT_DIR, ensureClientBuilt } from '../../server/cli/client-build.ts';
import { memoryDb } from '../helpers/memory-db.ts';
import { CHROMIUM } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    seededUrl: string;
    emptyUrl: string;
  }
}

async function startApp(seedSql?: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const db = await memoryDb();
  if (seedSql) await db.exec(seedSql);
  const app = createApp({ db, logger: pino({ level: 'silent' }), clientDir: CLIENT_DIR });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => { db.close(); resolve(); })),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run installs it).`);
  }
  await ensureClientBuilt();
  const seeded = await startApp(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'network.sql'), 'utf8'));
  const empty = await startApp();
  project.provide('seededUrl', seeded.url);
  project.provide('emptyUrl', empty.url);
  return async () => {
    await Promise.all([seeded.stop(), empty.stop()]);
  };
}
