// caliper serve: serve the API and the built dashboard on one origin.
import { parseArgs } from 'node:util';
import { createApp } from '../app.ts';
import { config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { logger } from '../log.ts';
import { CLIENT_DIR } from './client-build.ts';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('Usage: caliper serve [--port N] [--db FILE]');
    return 0;
  }
  const db = await openDatabase(values.db ?? config.CALIPER_DB);
  await serveApp(db, values.port ? Number(values.port) : config.PORT);
  return 0;
}

/** Serve the API and dashboard over `db` on `port` until SIGINT/SIGTERM, then close `db`. */
export async function serveApp(db: Database, port: number): Promise<void> {
  const app = createApp({ db, logger, clientDir: CLIENT_DIR });
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, (error?: Error) => {
      if (error) return reject(error);
      logger.info({ port, db: db.path }, `Caliper is serving on http://localhost:${port}`);
    });
    const stop = () => server.close(() => { db.close(); resolve(); });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
