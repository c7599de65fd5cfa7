// caliper start: one command from a fresh clone to a running dashboard. Builds the client when it is
// missing or stale, builds the database from the sample network when the database file does not
// exist, then serves like `caliper serve`, with demo users (server/auth/demo-users.ts) in a database
// that has no user yet.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoUsers, type DemoUser } from '../auth/demo-users.ts';
import { config } from '../config.ts';
import { removeDatabaseFiles } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { logger } from '../log.ts';
import { ensureClientBuilt } from './client-build.ts';
import { serveApp } from './serve.ts';

const USAGE = `Usage: caliper start [--port N] [--db FILE] [--samples DIR]

Builds the dashboard if needed, builds the database from the sample network
(default ${config.CALIPER_SAMPLES}) when FILE does not exist, then serves it.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, db: { type: 'string' }, samples: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  if (await ensureClientBuilt()) logger.info({ ms: Math.round(performance.now() - started) }, 'built the dashboard');

  const dbPath = path.resolve(values.db ?? config.CALIPER_DB);
  if (!fs.existsSync(dbPath)) await buildDatabaseFile(dbPath, path.resolve(values.samples ?? config.CALIPER_SAMPLES));

  const db = await openDatabase(dbPath);
  printDemoUsers(await ensureDemoUsers(db));
  await serveApp(db, values.port ? Number(values.port) : config.PORT);
  return 0;
}

/** The demo accounts (README: "Users, roles and demo accounts"); their passwords are public. */
function printDemoUsers(users: DemoUser[]): void {
  if (users.length === 0) return;
  const rows = users.map((u) => `  ${u.username.padEnd(10)} ${u.password}  ${u.role}${u.practice_ids.length ? ` (${u.practice_ids.join(', ')})` : ''}`);
  console.log(`Demo accounts (username, password, role) - for the sample network only:\n${rows.join('\n')}`);
}

/**
 * Build into `<db>.building` and rename it into place only once complete, so an interrupted build
 * never leaves a file that a later start would take for a built database.
 */
async function buildDatabaseFile(dbPath: string, samplesDir: string): Promise<void> {
  const partial = `${dbPath}.building`;
  removeDatabaseFiles(partial); // left by an interrupted build
  const started = performance.now();
  logger.info({ samples: samplesDir, db: dbPath }, 'building the database from the sample network');
  try {
    // The pipeline (every ingest module) is loaded only when a build is needed; serving does not need it.
    const { buildDatabase } = await import('../pipeline.ts');
    const db = await openDatabase(partial);
    try {
      await buildDatabase(db, samplesDir);
      // Fold the write-ahead log into the file so the one file renamed below is the whole database.
      await db.exec('CHECKPOINT');
    } finally {
      db.close();
    }
    if (fs.existsSync(`${partial}.wal`)) throw new Error(`${partial}.wal remained after CHECKPOINT`);
    fs.renameSync(partial, dbPath);
  } catch (error) {
    removeDatabaseFiles(partial);
    throw error;
  }
  logger.info({ db: dbPath, ms: Math.round(performance.now() - started) }, 'database built');
}
