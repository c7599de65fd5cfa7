// A fresh in-memory database with the full schema, for tests.
import { Database } from '../../server/db/database.ts';
import { applySchema } from '../../server/db/schema.ts';

export async function memoryDb(poolSize = 2): Promise<Database> {
  const db = await Database.open({ path: ':memory:', poolSize });
  await applySchema(db);
  return db;
}
