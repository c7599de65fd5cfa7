// Opens the configured database and makes sure its schema exists.
import { config } from '../config.ts';
import { Database } from './database.ts';
import { applySchema } from './schema.ts';

export async function openDatabase(path: string = config.CALIPER_DB): Promise<Database> {
  const db = await Database.open({
    path,
    poolSize: config.CALIPER_POOL_SIZE,
    threads: config.CALIPER_DUCKDB_THREADS,
    memoryLimit: config.CALIPER_DUCKDB_MEMORY,
  });
  await applySchema(db);
  return db;
}
