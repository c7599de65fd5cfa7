// Flat CSV extract ingest (docs/csv-extract.md). DuckDB's read_csv parses every file (all VARCHAR,
// explicit dialect, store_rejects); SQL checks, types and maps each table into the core model
// (sql/normalize/csv/). Every record ends up loaded or in rejected_row with its physical line, reason and
// raw text: per file, read = loaded + rejected. Local codes are left as sent: the orchestrator applies
// the practice code map to the file's rows afterwards.
import fs from 'node:fs/promises';
import path from 'node:path';
import { listValue, mapValue, structValue, type DuckDBConnection } from '@duckdb/node-api';
import {
  CSV_TABLES,
  dateFormats,
  matchHeader,
  readCsvMapping,
  tableFileName,
  type CsvMapping,
  type CsvTable,
} from './csv-mapping.ts';
import { FileRejectedError } from './file-rejected.ts';
import { ensureMacros } from './session-macros.ts';
import { runScript, runSqlFile, sqlWithIdentifiers } from '../db/sql-script.ts';
import type { FormatFileResult, FormatLoader, LoadContext, RegisteredFile } from './types.ts';

/**
 * Header reads, narrow first: a read's cost grows with its column count (measured on a 7k-row file: 64
 * columns ~8 ms, 1024 ~60-240 ms). The widest, 1024 fields, is the limit (a wider header is skipped by the
 * read, header_matches.sql notices, the file fails); it runs only when the narrow read may have cut or
 * skipped the header.
 */
const HEADER_READ_FIELDS = [64, 1024];
const headerColumns = (fields: number) => structValue(Object.fromEntries(Array.from({ length: fields }, (_, i) => [`c${i}`, 'VARCHAR'])));
const HEADER_READS = HEADER_READ_FIELDS.map(headerColumns);

/** Temp tables of one file's load (csv_row is a view over csv_stage). */
const TEMP_TABLES = ['csv_raw_line', 'csv_line', 'csv_stage', 'csv_record', 'csv_checked'];

type RejectsTable = { rejects_table: string; rejects_scan: string };

/** DuckDB's rejects tables, named per file (the brief: one rejects_table/rejects_scan per file). */
function rejectsTables(sourceFileId: number): Record<'lines' | 'rows', RejectsTable> {
  const named = (what: string) => ({ rejects_table: `csv_${what}_rejects_${sourceFileId}`, rejects_scan: `csv_${what}_scans_${sourceFileId}` });
  return { lines: named('line'), rows: named('row') };
}

const quoteIdent = (name: string) => `"${name}"`;
const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|\-]/g, '\\$&');

/**
 * RE2 patterns for lines.sql: how one physical line moves the quote state, per RFC 4180 as DuckDB reads
 * it (a quote opens a field only at the field's start; inside, a doubled quote is a literal quote).
 * Built here and bound as parameters so DuckDB compiles each once (a pattern computed per row is
 * compiled per row).
 */
function quoteStatePatterns(delimiter: string, quote: string) {
  const d = escapeRegex(delimiter);
  const q = escapeRegex(quote);
  const body = `(?:[^${q}]|${q}${q})*`; // inside a quoted field, up to its closing quote
  const field = `(?:${q}${body}${q}|(?:[^${q}${d}][^${d}]*)?)`; // one complete field
  return {
    opens_pattern: `(?:${field}${d})*${q}${body}`,
    stays_pattern: body,
    reopens_pattern: `${body}${q}(?:${d}${field})*${d}${q}${body}`,
  };
}

/** The table a file of this source holds, by its name (mapping `files`, else `<table>.csv`). */
function tableOfFile(mapping: CsvMapping, folder: string, file: string): CsvTable {
  const table = CSV_TABLES.find((t) => path.resolve(folder, tableFileName(mapping, t.table)) === path.resolve(file));
  if (!table) throw new Error(`${file} is not a table of this CSV source (docs/csv-extract.md)`);
  return table;
}

/** The header's field texts (padding removed, empty names kept as ''), or null for a 0-byte file. */
async function readHeader(c: DuckDBConnection, dialect: Record<string, string>): Promise<string[] | null> {
  for (const [i, columns] of HEADER_READS.entries()) {
    const widest = i === HEADER_READS.length - 1;
    const [row] = await runSqlFile(c, 'normalize/csv/load/header', { ...dialect, columns });
    if (!row) {
      if (widest) return null;
      continue;
    }
    const fields = row.fields as (string | null)[];
    // Every column filled: the header may go on past this read's width.
    if (!widest && fields.at(-1) !== null) continue;
    const header = fields.slice(0, fields.findLastIndex((f) => f !== null) + 1).map((f) => f ?? '');
    const [check] = await runSqlFile(c, 'normalize/csv/load/header_matches', { ...dialect, fields: listValue(header) });
    if (check!.matches) return header;
    // A narrow read skips a header wider than itself and returns a later line: read wider before failing.
    if (widest) {
      throw new FileRejectedError('UnreadableHeader', 'line 1 (the header) cannot be read: check the encoding and delimiter in the CSV mapping');
    }
  }
  return null;
}

/** One file's load: its table, the source's mapping, DuckDB rejects tables, read dialect, ids for SQL. */
interface FileLoad {
  table: CsvTable;
  mapping: CsvMapping;
  rejects: Record<'lines' | 'rows', RejectsTable>;
  dialect: Record<string, string>;
  ids: { source_file_id: number; table: string; practice_id: string };
}

/**
 * DuckDB reads the data rows into csv_stage: header fields as the canonical column they map to, or
 * _col<i> (ignored). The stage has every canonical column, so the table SQL can name optional ones the
 * file lacks. Then the mapping's `values`, each record's line (csv_row) and DuckDB's own rejects.
 */
async function stageRows(c: DuckDBConnection, load: FileLoad, matched: Map<string, number>, header: string[]) {
  const { table, mapping, rejects } = load;
  const nameAt = new Map([...matched].map(([column, at]) => [at, column]));
  const readColumns = header.map((_, i) => nameAt.get(i) ?? `_col${i}`);
  const stageColumns = [...table.columns, ...readColumns.filter((n) => n.startsWith('_col'))];
  const stageDefinitions = stageColumns.map((n) => `${quoteIdent(n)} VARCHAR`);
  await runScript(c, `CREATE OR REPLACE TEMP TABLE csv_stage (_row BIGINT, ${stageDefinitions.join(', ')})`);
  const columns = structValue(Object.fromEntries(readColumns.map((n) => [n, 'VARCHAR'])));
  await runSqlFile(c, 'normalize/csv/load/read_rows', { ...load.dialect, ...rejects.rows, columns });
  for (const [column, values] of Object.entries(mapping.values[table.table] ?? {})) {
    const map = mapValue(Object.entries(values).map(([key, value]) => ({ key, value })));
    await runScript(c, sqlWithIdentifiers('normalize/csv/load/map_values', { column }), { values: map });
  }
  await runSqlFile(c, 'normalize/csv/load/records', rejects.rows);
  await runSqlFile(c, 'normalize/csv/load/rows');
  await runSqlFile(c, 'normalize/csv/load/parse_rejects', { ...load.ids, ...rejects.rows });
}

async function loadTable(ctx: LoadContext, file: RegisteredFile, table: CsvTable, mapping: CsvMapping): Promise<FormatFileResult> {
  const c = ctx.connection;
  const load: FileLoad = {
    table,
    mapping,
    rejects: rejectsTables(file.source_file_id),
    dialect: { path: file.path, delimiter: mapping.delimiter, quote: mapping.quote, encoding: mapping.encoding },
    ids: { source_file_id: file.source_file_id, table: table.table, practice_id: file.practice_id },
  };
  const { rejects, dialect, ids } = load;
  const result = (read: number, loaded: number, rejected: number): FormatFileResult => ({
    format: 'csv',
    content: table.table,
    counts: [{ resource_type: table.table, read, loaded, rejected }],
  });
  const counts = async () => (await runSqlFile(c, 'normalize/csv/load/counts', { ...ids, ...rejects.rows }))[0]!;

  // Physical lines first: they number every record and give the raw text of rejected ones.
  await runSqlFile(c, 'normalize/csv/load/read_lines', { ...dialect, ...rejects.lines });
  await runSqlFile(c, 'normalize/csv/load/lines', {
    ...dialect,
    ...quoteStatePatterns(mapping.delimiter, mapping.quote),
    line_rejects: rejects.lines.rejects_table,
  });
  const [quoted] = await runSqlFile(c, 'normalize/csv/load/quoted_line_breaks');
  if (quoted!.found) await runSqlFile(c, 'normalize/csv/load/line_records');
  const header = await readHeader(c, dialect);
  if (!header) {
    await runSqlFile(c, 'normalize/csv/load/empty_file', { ...ids, detail: 'the file is empty (no header line)' });
    return result(0, 0, 0);
  }
  const matched = matchHeader(mapping, table, header);
  await stageRows(c, load, matched, header);

  const parsed = await counts();
  if (!parsed.lines_matched) ctx.progress(`${file.path}: records and physical lines disagree; some line numbers may be off`);
  if (parsed.read === 0) {
    await runSqlFile(c, 'normalize/csv/load/empty_file', { ...ids, detail: 'no data rows after the header' });
    return result(0, 0, 0);
  }

  let loaded = 0;
  const missing = table.required.filter((column) => !matched.has(column));
  if (missing.length > 0) {
    // docs/csv-extract.md: a required column absent from the header rejects every row (none dropped).
    const sent = mapping.columns[table.table] ?? {};
    const detail = `header has no column ${missing.map((m) => (sent[m] ? `${sent[m]} (${m})` : m)).join(', ')}`;
    await runSqlFile(c, 'normalize/csv/load/missing_columns', { detail });
    await runSqlFile(c, 'normalize/csv/load/row_rejects', ids);
  } else {
    await runSqlFile(c, `normalize/csv/${table.table}`, { ...ids, date_formats: listValue(dateFormats(mapping)) });
    await runSqlFile(c, 'normalize/csv/load/duplicates');
    await runSqlFile(c, 'normalize/csv/load/row_rejects', ids);
    const [inserted] = await runScript(c, sqlWithIdentifiers('normalize/csv/load/replace_rows', { table: table.coreTable }), ids);
    loaded = Number(inserted!.Count);
  }

  const { read, rejected } = await counts();
  ctx.progress(`${path.basename(file.path)}: ${table.table} read ${read}, loaded ${loaded}, rejected ${rejected}`);
  return result(Number(read), loaded, Number(rejected));
}

/** Temp objects of a finished load (a failed load's go with the orchestrator's rollback). */
async function dropTemp(c: DuckDBConnection, sourceFileId: number) {
  const rejects = Object.values(rejectsTables(sourceFileId)).flatMap((r) => [r.rejects_table, r.rejects_scan]);
  const drops = [...TEMP_TABLES, ...rejects].map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)};`);
  await runScript(c, ['DROP VIEW IF EXISTS csv_row;', ...drops].join('\n'));
}

export const csvLoader: FormatLoader = {
  /** The source's table files that exist (absolute paths), in CSV_TABLES order: providers and patients first. */
  async listFiles(folder, manifest) {
    const mapping = await readCsvMapping(folder, manifest);
    const files = CSV_TABLES.map((t) => path.resolve(folder, tableFileName(mapping, t.table)));
    const present = await Promise.all(files.map((f) => fs.access(f).then(() => true, () => false)));
    return files.filter((_, i) => present[i]);
  },

  /** Each file is read with its own header, mapping and dialect: it loads alone. */
  batchKey: () => null,

  /** The TEMP macros, created before the load's transaction so a rolled-back file does not drop them. */
  async prepareBatch(ctx) {
    await ensureMacros(ctx.connection, 'normalize/csv/load/macros');
    return async () => {};
  },

  async loadBatch(ctx, files) {
    const results: FormatFileResult[] = [];
    for (const file of files) {
      const mapping = await readCsvMapping(file.folder, file.manifest);
      results.push(await loadTable(ctx, file, tableOfFile(mapping, file.folder, file.path), mapping));
      await dropTemp(ctx.connection, file.source_file_id);
    }
    return results;
  },
};
