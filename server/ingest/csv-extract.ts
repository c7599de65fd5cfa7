// Flat CSV extract ingest (docs/csv-extract.md). DuckDB's read_csv parses every file (all VARCHAR,
// explicit dialect, store_rejects); SQL checks, types and maps each table into the core model
// (sql/normalize/csv/). Every record ends up loaded or in rejected_row with its physical line, reason and
// raw text: per file, read = loaded + rejected. The practice code map is applied to the checked rows
// before they are stored (code-map.ts).
// A load batch is one table's files from the practices whose sources read alike (batchKey): read in one
// pass per step, keyed by source_file_id, so each file keeps its own header mapping, value maps, line
// numbers, rejects and counts, while a file's fixed cost (~20 statements) is paid once per batch.
import fs from 'node:fs/promises';
import path from 'node:path';
import { listValue, structValue, type DuckDBConnection } from '@duckdb/node-api';
import {
  CSV_TABLES,
  dateFormats,
  matchHeader,
  readCsvMapping,
  tableFileName,
  type CsvMapping,
  type CsvTable,
} from './csv-mapping.ts';
import { applyCodeMapStaged } from './code-map.ts';
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

/** Temp tables of one batch's load (views: csv_read over csv_read_record, csv_row over csv_stage). */
const TEMP_TABLES = [
  'csv_batch_file', 'csv_raw_line', 'csv_line_reject', 'csv_line', 'csv_read_record', 'csv_parse_error', 'csv_value_map',
  'csv_stage', 'csv_record', 'csv_checked',
];
const TEMP_VIEWS = ['csv_row', 'csv_read'];

type RejectsTable = { rejects_table: string; rejects_scan: string };

/** DuckDB's rejects tables of one batch (named by its first file) and read (physical lines, or the rows of one header width). */
function rejectsTable(batchId: number, read: string): RejectsTable {
  return { rejects_table: `csv_rejects_${batchId}_${read}`, rejects_scan: `csv_scans_${batchId}_${read}` };
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

/** How DuckDB reads a source's files; files of one batch share it (batch key). */
const dialectOf = (mapping: CsvMapping) => ({ delimiter: mapping.delimiter, quote: mapping.quote, encoding: mapping.encoding });

/** The header's field texts (padding removed, empty names kept as ''), or null for a 0-byte file. */
async function readHeader(c: DuckDBConnection, file: RegisteredFile, dialect: ReturnType<typeof dialectOf>): Promise<string[] | null> {
  for (const [i, columns] of HEADER_READS.entries()) {
    const widest = i === HEADER_READS.length - 1;
    const [row] = await runSqlFile(c, 'normalize/csv/load/header', { ...dialect, path: file.path, columns });
    if (!row) {
      if (widest) return null;
      continue;
    }
    const fields = row.fields as (string | null)[];
    // Every column filled: the header may go on past this read's width.
    if (!widest && fields.at(-1) !== null) continue;
    const header = fields.slice(0, fields.findLastIndex((f) => f !== null) + 1).map((f) => f ?? '');
    const { delimiter, quote } = dialect;
    const [check] = await runSqlFile(c, 'normalize/csv/load/header_matches', {
      source_file_id: file.source_file_id,
      delimiter,
      quote,
      fields: listValue(header),
    });
    if (check!.matches) return header;
    // A narrow read skips a header wider than itself and returns a later line: read wider before failing.
    if (widest) {
      throw new FileRejectedError('UnreadableHeader', 'line 1 (the header) cannot be read: check the encoding and delimiter in the CSV mapping');
    }
  }
  return null;
}

/** A file of the batch with its source's mapping and, once read, its header and matched columns. */
interface CsvFile {
  file: RegisteredFile;
  mapping: CsvMapping;
  header: string[] | null;
  matched: Map<string, number>;
}

/**
 * Physical lines of every file (numbered per file, the quote state followed across lines), then each
 * file's header (from its line 1 when that is plain, else read by DuckDB); returns the batch's files in order.
 */
async function readLines(c: DuckDBConnection, files: RegisteredFile[], mappings: CsvMapping[], table: CsvTable, rejects: string[]): Promise<CsvFile[]> {
  const mapping = mappings[0]!;
  const dialect = dialectOf(mapping);
  const lineRejects = rejectsTable(files[0]!.source_file_id, 'lines');
  rejects.push(lineRejects.rejects_table, lineRejects.rejects_scan);
  await runSqlFile(c, 'normalize/csv/load/batch_files', {
    paths: listValue(files.map((f) => f.path)),
    source_file_ids: listValue(files.map((f) => f.source_file_id)),
    practice_ids: listValue(files.map((f) => f.practice_id)),
  });
  await runSqlFile(c, 'normalize/csv/load/read_lines', {
    paths: listValue(files.map((f) => f.path)),
    encoding: dialect.encoding,
    ...lineRejects,
  });
  await runSqlFile(c, 'normalize/csv/load/lines', { quote: dialect.quote, ...quoteStatePatterns(dialect.delimiter, dialect.quote) });
  const [quoted] = await runSqlFile(c, 'normalize/csv/load/quoted_line_breaks');
  if (quoted!.found) await runSqlFile(c, 'normalize/csv/load/line_records');
  const plain = await runSqlFile(c, 'normalize/csv/load/plain_headers', {
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    max_fields: HEADER_READ_FIELDS[0]!,
  });
  const plainHeader = new Map(plain.map((r) => [Number(r.source_file_id), r.fields as string[]]));
  const read: CsvFile[] = [];
  for (const [i, file] of files.entries()) {
    const header = plainHeader.get(file.source_file_id) ?? (await readHeader(c, file, dialect));
    read.push({ file, mapping: mappings[i]!, header, matched: header ? matchHeader(mappings[i]!, table, header) : new Map() });
  }
  return read;
}

/**
 * DuckDB reads the data rows of the files with a header, one read per header width (its column count),
 * into csv_read; csv_stage then holds every canonical column of the table, each file's taken from the
 * header position it matched (NULL when the file lacks it). Then the mappings' `values` and each record's
 * line (csv_row).
 */
async function stageRows(c: DuckDBConnection, files: CsvFile[], table: CsvTable, rejects: string[]): Promise<void> {
  const dialect = dialectOf(files[0]!.mapping);
  const batchId = files[0]!.file.source_file_id;
  await runSqlFile(c, 'normalize/csv/load/read_tables');
  const withHeader = files.filter((f) => f.header !== null);
  for (const width of new Set(withHeader.map((f) => f.header!.length))) {
    const group = withHeader.filter((f) => f.header!.length === width);
    const columns = structValue(Object.fromEntries(Array.from({ length: width }, (_, i) => [`c${i}`, 'VARCHAR'])));
    const rowRejects = rejectsTable(batchId, `rows${width}`);
    rejects.push(rowRejects.rejects_table, rowRejects.rejects_scan);
    await runSqlFile(c, 'normalize/csv/load/read_rows', {
      ...dialect,
      ...rowRejects,
      paths: listValue(group.map((f) => f.file.path)),
      columns,
    });
  }
  // Per file, the 1-based header position of each canonical column (NULL: not in the header). The SELECT
  // list names the table's canonical columns, a fixed list (csv-mapping.ts), never file input.
  const positions = files.map((f) => ({
    source_file_id: f.file.source_file_id,
    positions: table.columns.map((column) => (f.matched.has(column) ? f.matched.get(column)! + 1 : null)),
  }));
  const columns = table.columns.map((column, i) => `nullif(trim(r.fields[p.positions[${i + 1}]]), '') AS ${quoteIdent(column)}`);
  await runScript(
    c,
    `CREATE OR REPLACE TEMP TABLE csv_stage AS
     WITH p AS (SELECT unnest(from_json($positions::JSON, '[{"source_file_id": "INTEGER", "positions": ["INTEGER"]}]'), recursive := true))
     SELECT r.source_file_id, r._row, ${columns.join(', ')}
     FROM csv_read r JOIN p USING (source_file_id)`,
    { positions: JSON.stringify(positions) },
  );
  const values = files.flatMap(({ file, mapping }) =>
    Object.entries(mapping.values[table.table] ?? {}).flatMap(([column_name, byValue]) =>
      Object.entries(byValue).map(([local_value, canonical]) => ({ source_file_id: file.source_file_id, column_name, local_value, canonical })),
    ),
  );
  if (values.length > 0) {
    await runSqlFile(c, 'normalize/csv/load/value_maps', { values: JSON.stringify(values) });
    for (const column of new Set(values.map((v) => v.column_name))) {
      await runScript(c, sqlWithIdentifiers('normalize/csv/load/map_values', { column }), { column });
    }
  }
  await runSqlFile(c, 'normalize/csv/load/records');
  await runSqlFile(c, 'normalize/csv/load/rows');
}

/** Per file: records read (staged or refused by the reader), rows rejected, whether the line numbering matched. */
async function fileCounts(c: DuckDBConnection) {
  const rows = await runSqlFile(c, 'normalize/csv/load/counts');
  return new Map(rows.map((r) => [Number(r.source_file_id), { read: Number(r.read), rejected: Number(r.rejected), lines_matched: Boolean(r.lines_matched) }]));
}

/** A batch staged by prepareBatch (temp tables on its connection), for loadBatch on the same connection. */
interface StagedBatch {
  table: CsvTable;
  mappings: CsvMapping[];
  files: CsvFile[];
  /** DuckDB rejects tables the reads created (dropped with the other temp tables). */
  rejects: string[];
}

const stagedOn = new WeakMap<DuckDBConnection, StagedBatch>();

/**
 * Read a batch into temp tables before the load's transaction (DuckDB scans a temp table made inside
 * the transaction on one thread): physical lines, headers, data rows, value maps, record lines, and the
 * rows typed and checked. Nothing here writes the core tables.
 */
async function stageBatch(c: DuckDBConnection, files: RegisteredFile[], staged: StagedBatch): Promise<void> {
  staged.files = await readLines(c, files, staged.mappings, staged.table, staged.rejects);
  await stageRows(c, staged.files, staged.table, staged.rejects);
  await checkRows(c, staged);
}

/**
 * The staged rows typed and checked into csv_checked (sql/normalize/csv/<table>.sql), each with its first failed
 * check. What they look up (the practices' Patients) was stored by earlier batches: a batch holds one table.
 */
async function checkRows(c: DuckDBConnection, { table, mappings, files }: StagedBatch): Promise<void> {
  await runSqlFile(c, `normalize/csv/${table.table}`, { date_formats: listValue(dateFormats(mappings[0]!)) });
  for (const f of files) {
    const missing = table.required.filter((column) => !f.matched.has(column));
    if (f.header === null || missing.length === 0) continue;
    // docs/csv-extract.md: a required column absent from the header rejects every row (none dropped).
    const sent = f.mapping.columns[table.table] ?? {};
    const detail = `header has no column ${missing.map((m) => (sent[m] ? `${sent[m]} (${m})` : m)).join(', ')}`;
    await runSqlFile(c, 'normalize/csv/load/missing_columns', { source_file_id: f.file.source_file_id, detail });
  }
  await runSqlFile(c, 'normalize/csv/load/duplicates');
}

/**
 * Load a staged batch: the same table's files from one or more practices that share dialect and date
 * formats. Each file keeps its own line numbers, header mapping, value maps, rejects and counts.
 */
async function loadTableBatch(ctx: LoadContext, { table, files: read }: StagedBatch): Promise<FormatFileResult[]> {
  const c = ctx.connection;
  const result = (n: number, loaded: number, rejected: number): FormatFileResult => ({
    format: 'csv',
    content: table.table,
    counts: [{ resource_type: table.table, read: n, loaded, rejected }],
  });
  const ids = (list: CsvFile[]) => listValue(list.map((f) => f.file.source_file_id));
  const noHeader = read.filter((f) => f.header === null);
  if (noHeader.length > 0) {
    await runSqlFile(c, 'normalize/csv/load/empty_file', { source_file_ids: ids(noHeader), table: table.table, detail: 'the file is empty (no header line)' });
  }
  await runSqlFile(c, 'normalize/csv/load/parse_rejects', { table: table.table });

  const parsed = await fileCounts(c);
  for (const f of read) if (f.header && !parsed.get(f.file.source_file_id)!.lines_matched) ctx.progress(`${f.file.path}: records and physical lines disagree; some line numbers may be off`);
  const noRows = read.filter((f) => f.header !== null && parsed.get(f.file.source_file_id)!.read === 0);
  if (noRows.length > 0) {
    await runSqlFile(c, 'normalize/csv/load/empty_file', { source_file_ids: ids(noRows), table: table.table, detail: 'no data rows after the header' });
  }

  await runSqlFile(c, 'normalize/csv/load/row_rejects', { table: table.table });
  await applyCodeMapStaged(c, read.map((f) => f.file.source_file_id), table.coreTable, 'csv_checked');
  const inserted = await runScript(c, sqlWithIdentifiers('normalize/csv/load/replace_rows', { table: table.coreTable }));
  const loaded = new Map(inserted.map((r) => [Number(r.source_file_id), Number(r.loaded)]));

  const counted = await fileCounts(c);
  return read.map((f) => {
    const id = f.file.source_file_id;
    // An empty file counts nothing (its EmptyFile row is a file-level reject, not a record).
    if (f.header === null || parsed.get(id)!.read === 0) return result(0, 0, 0);
    const { read: n, rejected } = counted.get(id)!;
    const ok = loaded.get(id) ?? 0;
    ctx.progress(`${path.basename(f.file.path)}: ${table.table} read ${n}, loaded ${ok}, rejected ${rejected}`);
    return result(n, ok, rejected);
  });
}

/** Temp objects of a batch, dropped after its load's transaction (committed or rolled back). */
async function dropTemp(c: DuckDBConnection, rejects: string[]) {
  const drops = [...TEMP_TABLES, ...rejects].map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)};`);
  await runScript(c, [...TEMP_VIEWS.map((v) => `DROP VIEW IF EXISTS ${v};`), ...drops].join('\n'));
}

export const csvLoader: FormatLoader = {
  /** The source's table files that exist (absolute paths), in CSV_TABLES order: providers and patients first. */
  async listFiles(folder, manifest) {
    const mapping = await readCsvMapping(folder, manifest);
    const files = CSV_TABLES.map((t) => path.resolve(folder, tableFileName(mapping, t.table)));
    const present = await Promise.all(files.map((f) => fs.access(f).then(() => true, () => false)));
    return files.filter((_, i) => present[i]);
  },

  /**
   * Files of one table whose sources read alike (delimiter, quote, encoding, date formats) load as one
   * batch across practices: one reader pass and one statement per step for all of them.
   */
  async batchKey(file, manifest, folder) {
    const mapping = await readCsvMapping(folder, manifest);
    return `csv:${tableOfFile(mapping, folder, file).table}:${JSON.stringify([dialectOf(mapping), dateFormats(mapping)])}`;
  },

  /**
   * Before the load's transaction: the TEMP macros (a rolled-back file does not drop them) and the
   * batch's staged rows. Returns what drops the batch's temp tables.
   */
  async prepareBatch(ctx, files) {
    const c = ctx.connection;
    await ensureMacros(c, 'normalize/csv/load/macros');
    await runSqlFile(c, 'normalize/code_systems');
    const mappings = await Promise.all(files.map((f) => readCsvMapping(f.folder, f.manifest)));
    const staged: StagedBatch = { table: tableOfFile(mappings[0]!, files[0]!.folder, files[0]!.path), mappings, files: [], rejects: [] };
    const release = async () => {
      stagedOn.delete(c);
      await dropTemp(c, staged.rejects);
    };
    try {
      await stageBatch(c, files, staged);
    } catch (error) {
      await release();
      throw error;
    }
    stagedOn.set(c, staged);
    return release;
  },

  appliesCodeMap: true,

  async loadBatch(ctx, files) {
    const staged = stagedOn.get(ctx.connection);
    const same = staged?.files.length === files.length && staged.files.every((f, i) => f.file.source_file_id === files[i]!.source_file_id);
    if (!staged || !same) throw new Error('CSV batch not staged on this connection: prepareBatch stages it before loadBatch');
    return loadTableBatch(ctx, staged);
  },
};
