// TEMP macros live as long as their connection, and the pool keeps its connections for the life of the
// Database: a macro file is run once per connection, not before every file (measured ~35 ms per FHIR
// file for its ~20 CREATE MACRO statements, a sixth of a small file's load).
import type { DuckDBConnection } from '@duckdb/node-api';
import { runSqlFile } from '../db/sql-script.ts';

const created = new WeakMap<DuckDBConnection, Set<string>>();

/**
 * Run sql/<name>.sql (TEMP macros only, no parameters) on this connection unless it already ran there.
 * Call it outside a transaction (a loader's prepareBatch): a rollback would drop the macros again.
 */
export async function ensureMacros(connection: DuckDBConnection, name: string): Promise<void> {
  const done = created.get(connection) ?? new Set<string>();
  if (done.has(name)) return;
  await runSqlFile(connection, name);
  done.add(name);
  created.set(connection, done);
}
