// A practice's local code map (manifest `code_map`, docs/csv-extract.md): loaded into local_code_map, then
// applied to each file's rows as it loads, whatever the format.
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { runScript, runSqlFile, sqlWithIdentifiers } from '../db/sql-script.ts';

/** Replace the practice's code map with the CSV's rows; throws when a row lacks a required value. */
export async function loadCodeMap(connection: DuckDBConnection, practiceId: string, csvPath: string): Promise<number> {
  const [check] = await runSqlFile(connection, 'normalize/code_map_load', { practice_id: practiceId, path: csvPath });
  if (Number(check?.incomplete) > 0) {
    throw new Error(`${csvPath}: ${check!.incomplete} row(s) lack local_system, local_code, code_system or code`);
  }
  return Number(check?.loaded);
}

/** Coding columns per core table, read once from the catalog (the schema is the code's). */
let codingColumns: Promise<Map<string, string[]>> | undefined;

function codingColumnsByTable(connection: DuckDBConnection): Promise<Map<string, string[]>> {
  codingColumns ??= runSqlFile(connection, 'normalize/coding_columns').then((rows) => {
    const byTable = new Map<string, string[]>();
    for (const { table_name, column_name } of rows) {
      byTable.set(String(table_name), [...(byTable.get(String(table_name)) ?? []), String(column_name)]);
    }
    return byTable;
  });
  return codingColumns;
}

/**
 * For every coding column of the core tables, rows of these files whose (system, code) is in their
 * practice's local_code_map get the mapped standard coding prepended; the local coding is kept.
 */
export async function applyCodeMap(connection: DuckDBConnection, sourceFileIds: number[]): Promise<void> {
  const ids = { source_file_ids: listValue(sourceFileIds) };
  const [map] = await runSqlFile(connection, 'normalize/code_map_count', ids);
  if (Number(map?.n) === 0) return;
  const byTable = await codingColumnsByTable(connection);
  // A batch fills one or a few tables: find them in one statement (source_file_id only grows, so row-group
  // min/max statistics prune each scan) rather than planning an UPDATE per column of every table.
  const probes = [...byTable.keys()].map((table) => sqlWithIdentifiers('normalize/file_has_rows', { table }));
  const filled = await runScript(connection, probes.join('\nUNION ALL\n'), ids);
  for (const { table_name } of filled) {
    const table = String(table_name);
    for (const column of byTable.get(table)!) {
      await runScript(connection, sqlWithIdentifiers('normalize/code_map_apply', { table, column }), ids);
    }
  }
}
