// Opens the configured database and makes sure its schema exists.
import { config } from '../config.ts';
import { Database } from './database.ts';
import { applySchema } from './schema.ts';

export async function openDatabase(path: string = config.CALIPER_DB): Promise<Database> {
  let db: Database;
  try {
    db = await Database.open({
      path,
      poolSize: config.CALIPER_POOL_SIZE,
      threads: config.CALIPER_DUCKDB_THREADS,
      memoryLimit: config.CALIPER_DUCKDB_MEMORY,
    });
  } catch (error) {
    // DuckDB lets one process at a time open a database file: say so plainly instead of an IO error.
    const message = error instanceof Error ? error.message : String(error);
    const holder = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
    if (holder) {
      throw new Error(
        `${path} is in use by another process (${holder[1]}, PID ${holder[2]}), e.g. a running 'caliper serve': ` +
          `stop it first, or read the same figures from its API (/api/sources).`,
        { cause: error },
      );
    }
    throw error;
  }
  await applySchema(db);
  return db;
}
