// A practice's local code map (manifest `code_map`, docs/csv-extract.md): loaded into local_code_map, then
// applied to each file's rows as it loads, whatever the format.
import { listValue, type DuckDBConnection, type DuckDBListValue } from '@duckdb/node-api';
import { runScript, runSqlFile, sqlWithIdentifiers } from '../db/sql-script.ts';

/** Replace the practice's code map with the CSV's rows; throws when a row lacks a required value. */
export async function loadCodeMap(connection: DuckDBConnection, practiceId: string, csvPath: string): Promise<number> {
  const [check] = await runSqlFile(connection, 'normalize/code_map_load', { practice_id: practiceId, path: csvPath });
  if (Number(check?.incomplete) > 0) {
    throw new Error(`${csvPath}: ${check!.incomplete} row(s) lack local_system, local_code, code_system or code`);
  }
  return Number(check?.loaded);
}

/** The type of a coding column (sql/normalize/coding_columns.sql). */
const CODING_TYPE = 'STRUCT("system" VARCHAR, code VARCHAR, display VARCHAR)[]';

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

/** One UPDATE of {{table}} setting every given coding column (code_map_apply.sql). */
async function updateCodings(connection: DuckDBConnection, table: string, columns: string[], ids: { source_file_ids: DuckDBListValue }) {
  const part = (name: string, separator: string) =>
    columns.map((column) => sqlWithIdentifiers(`normalize/${name}`, { table, column }).trim()).join(separator);
  const update = sqlWithIdentifiers('normalize/code_map_apply', { table })
    .replace('/*assignments*/', part('code_map_column_set', ',\n    '))
    .replace('/*codings*/', part('code_map_column_codings', '\n        UNION ALL\n        '));
  await runScript(connection, update, ids);
}

/** Whether the practices of these files map any local code (else there is nothing to apply). */
async function mapsCodes(connection: DuckDBConnection, ids: { source_file_ids: DuckDBListValue }): Promise<boolean> {
  const [map] = await runSqlFile(connection, 'normalize/code_map_count', ids);
  return Number(map?.n) > 0;
}

/**
 * For every coding column of the core tables, stored rows of these files whose (system, code) is in their
 * practice's local_code_map get the mapped standard coding prepended; the local coding is kept. One
 * UPDATE per table that holds rows of the files, setting all its coding columns.
 */
export async function applyCodeMap(connection: DuckDBConnection, sourceFileIds: number[]): Promise<void> {
  const ids = { source_file_ids: listValue(sourceFileIds) };
  if (!(await mapsCodes(connection, ids))) return;
  const byTable = await codingColumnsByTable(connection);
  // A batch fills one or a few tables: find them in one statement (source_file_id only grows, so row-group
  // min/max statistics prune each scan) rather than planning an UPDATE per column of every table.
  const probes = [...byTable.keys()].map((table) => sqlWithIdentifiers('normalize/file_has_rows', { table }));
  const filled = await runScript(connection, probes.join('\nUNION ALL\n'), ids);
  for (const { table_name } of filled) await updateCodings(connection, String(table_name), byTable.get(String(table_name))!, ids);
}

/**
 * The same, on a loader's staged rows of core table `coreTable` (temp table `staged`, with practice_id,
 * source_file_id and the core table's coding columns it fills) before they are stored: rows are written once,
 * already mapped. Updating just-stored rows instead rewrites them inside the load's transaction, which
 * measured ~3x the cost of the insert itself at 100k patients (the commit writes them again).
 */
export async function applyCodeMapStaged(connection: DuckDBConnection, sourceFileIds: number[], coreTable: string, staged: string): Promise<void> {
  const ids = { source_file_ids: listValue(sourceFileIds) };
  const typeOf = new Map((await runSqlFile(connection, 'normalize/staged_columns', { table: staged })).map((r) => [String(r.column_name), String(r.data_type)]));
  const columns = ((await codingColumnsByTable(connection)).get(coreTable) ?? []).filter((column) => typeOf.has(column));
  // A coding column staged with another type (e.g. a NULL display typed INTEGER) could not be mapped.
  const mistyped = columns.filter((column) => typeOf.get(column) !== CODING_TYPE);
  if (mistyped.length > 0) throw new Error(`${staged}: coding column(s) ${mistyped.join(', ')} not of type ${CODING_TYPE}`);
  if (columns.length === 0 || !(await mapsCodes(connection, ids))) return;
  await updateCodings(connection, staged, columns, ids);
}
