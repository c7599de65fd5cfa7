// Runs a registered multi-statement SQL file on one connection. DuckDB prepares one statement at a time,
// so each statement is prepared on its own and bound to just the named parameters it uses.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Params } from './database.ts';
import { rowsAsJson, type Row } from './json.ts';
import { sqlFile } from './sql-registry.ts';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The text of sql/<name>.sql with `{{key}}` placeholders replaced by identifiers. Only for identifiers
 * from fixed internal lists or the catalog (table and column names), never request or file input.
 */
export function sqlWithIdentifiers(name: string, identifiers: Record<string, string>): string {
  return sqlFile(name).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = identifiers[key];
    if (value === undefined || !IDENTIFIER.test(value)) throw new Error(`sql/${name}.sql: bad identifier for {{${key}}}`);
    return value;
  });
}

/** Run every statement of `sql` in order; returns the rows of the last one. */
export async function runScript(connection: DuckDBConnection, sql: string, params: Params = {}): Promise<Row[]> {
  const statements = await connection.extractStatements(sql);
  let rows: Row[] = [];
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i);
    const bound: Params = {};
    for (let p = 1; p <= prepared.parameterCount; p++) {
      const name = prepared.parameterName(p);
      if (!(name in params)) throw new Error(`SQL parameter $${name} was not given`);
      bound[name] = params[name]!;
    }
    prepared.bind(bound);
    rows = rowsAsJson(await prepared.runAndReadAll());
  }
  return rows;
}

/** Run the registered file sql/<name>.sql; returns the rows of its last statement. */
export function runSqlFile(connection: DuckDBConnection, name: string, params: Params = {}): Promise<Row[]> {
  return runScript(connection, sqlFile(name), params);
}
