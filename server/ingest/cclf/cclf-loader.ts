// CMS Claim and Claim Line Feed (CCLF) ingest: the fixed-width files CMS sends a Shared Savings Program ACO.
// DuckDB reads each file as one text column; SQL cuts every line into fields by the CCLF Information Packet
// layout (refdata/cclf/cclf_layouts.csv, read per file so a new packet version is a new CSV; sql/cclf/load/cut.sql),
// names the checks and types the columns each file kind keeps (sql/cclf/load/cclfN.sql), checks every line
// (sql/cclf/load/check.sql), and stores rows and rejects (sql/cclf/load/store.sql): per file,
// read = loaded + rejected. The layout's positions and the file's checks are written into cut.sql and check.sql
// as constants (cutColumns, failedFieldColumns), so DuckDB evaluates each as one vectorised expression.
// Adjustments and cancellations stay as sent; the final-action views of sql/schema/12_cclf_aco.sql pick each
// claim's latest version.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { config } from '../../config.ts';
import { sqlFile } from '../../db/sql-registry.ts';
import { runScript, runSqlFile, sqlWithIdentifiers } from '../../db/sql-script.ts';
import { FileRejectedError } from '../file-rejected.ts';
import { ensureMacros } from '../session-macros.ts';
import type { BatchFile, FormatFileResult, FormatLoader, LoadContext } from '../types.ts';

/** The CCLF files Caliper reads, in load order (crosswalk and beneficiaries before claims), and their tables. */
export const CCLF_FILES = [
  { kind: 'CCLF9', table: 'cclf_mbi_xref' },
  { kind: 'CCLF8', table: 'cclf_beneficiary' },
  { kind: 'CCLF1', table: 'cclf_part_a_claim' },
  { kind: 'CCLF2', table: 'cclf_revenue_line' },
  { kind: 'CCLF4', table: 'cclf_diagnosis' },
  { kind: 'CCLF5', table: 'cclf_part_b_line' },
] as const;

export type CclfKind = (typeof CCLF_FILES)[number]['kind'];

/**
 * The CCLF file a name holds: CMS names them P.A<ACO>.ACO.ZC<n>Y<yy>.D<yymmdd>.T<hhmmsst> (ZC<n>R for run-out
 * files); `cclf<n>...` names are taken too. Undefined for anything else, including the CCLF files not read
 * (3, 6, 7, A, B, 0).
 */
export function cclfKindOf(fileName: string): CclfKind | undefined {
  const match = /(?:^|[._])ZC([0-9AB])[YR]\d{2}(?:[._]|$)/i.exec(fileName) ?? /^CCLF([0-9AB])(?:[._-]|$)/i.exec(fileName);
  const kind = match ? `CCLF${match[1]!.toUpperCase()}` : undefined;
  return CCLF_FILES.find((f) => f.kind === kind)?.kind;
}

const TEMP_TABLES = ['cclf_layout_field', 'cclf_line', 'cclf_cut', 'cclf_check', 'cclf_parsed', 'cclf_checked'];

export const cclfLoader: FormatLoader = {
  /** The folder's CCLF files: by kind in CCLF_FILES order, then by name (CMS names sort by file date). */
  async listFiles(folder) {
    const names = (await fs.readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
    const order = (name: string) => CCLF_FILES.findIndex((f) => f.kind === cclfKindOf(name));
    return names
      .filter((name) => cclfKindOf(name) !== undefined)
      .sort((a, b) => order(a) - order(b))
      .map((name) => path.join(folder, name));
  },

  /** One CCLF file is a whole month of an ACO's claims: each loads alone. */
  batchKey: () => null,

  /**
   * Read, cut, type and check the batch's one file into temp tables before the load's transaction (scanned on one
   * thread inside it: the cut measured ~3x slower there).
   */
  async prepareBatch(ctx, files) {
    const c = ctx.connection;
    const release = async () => {
      await runScript(c, TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
    };
    try {
      await ensureMacros(c, 'cclf/load/macros');
      await stageFile(c, onlyFile(files));
    } catch (error) {
      await release();
      throw error;
    }
    return release;
  },

  async loadBatch(ctx, files) {
    return [await storeFile(ctx, onlyFile(files))];
  },
};

function onlyFile(files: BatchFile[]): BatchFile {
  if (files.length !== 1) throw new Error(`a CCLF file loads alone, not in a batch of ${files.length}`);
  return files[0]!;
}

function fileSpec(file: BatchFile): (typeof CCLF_FILES)[number] {
  const kind = cclfKindOf(path.basename(file.path));
  const spec = CCLF_FILES.find((f) => f.kind === kind);
  if (!spec) {
    const known = CCLF_FILES.map((f) => f.kind).join(', ');
    throw new FileRejectedError('UnknownFileKind', `${path.basename(file.path)} is not a CCLF file Caliper reads (${known})`);
  }
  return spec;
}

/** The file's lines cut by its kind's layout, typed (cclfN.sql) and checked: temp table cclf_checked. */
async function stageFile(c: DuckDBConnection, file: BatchFile): Promise<void> {
  const spec = fileSpec(file);
  const layoutPath = path.join(config.CALIPER_REFDATA, 'cclf', 'cclf_layouts.csv');
  const [layout] = await runSqlFile(c, 'cclf/load/layout', { layout_path: layoutPath, cclf_file: spec.kind });
  if (!layout || Number(layout.field_count) === 0) throw new Error(`${layoutPath} has no ${spec.kind} layout`);
  await runSqlFile(c, 'cclf/load/lines', { path: file.path });
  await runScript(c, sqlFile('cclf/load/cut').replace('/*fields*/', cutColumns(layout.fields as unknown as LayoutField[])));
  await runSqlFile(c, `cclf/load/${spec.kind.toLowerCase()}`);
  const checks = (await runSqlFile(c, 'cclf/load/checks')) as unknown as FieldCheck[];
  await runScript(c, sqlFile('cclf/load/check').replace('/*failed_fields*/', failedFieldColumns(checks)), {
    content: spec.kind,
    record_length: Number(layout.record_length),
  });
}

/** Store the staged file's rows and rejects (in the load's transaction); its counts. */
async function storeFile(ctx: LoadContext, file: BatchFile): Promise<FormatFileResult> {
  const spec = fileSpec(file);
  const [counts] = await runScript(ctx.connection, sqlWithIdentifiers('cclf/load/store', { table: spec.table }), {
    source_file_id: file.source_file_id,
    content: spec.kind,
  });
  const read = Number(counts!.read);
  const loaded = Number(counts!.loaded);
  const rejected = Number(counts!.rejected);
  ctx.progress(`${path.basename(file.path)}: ${spec.kind} read ${read}, loaded ${loaded}, rejected ${rejected}`);
  return { format: 'cclf', content: spec.kind, counts: [{ resource_type: spec.kind, read, loaded, rejected }] };
}

interface LayoutField {
  name: string;
  start: number;
  length: number;
}

interface FieldCheck {
  field_name: string;
  check_kind: string;
}

/** A layout field name as written into SQL: the packet's upper-case names only (the layouts CSV is data). */
function fieldName(name: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`CCLF layout field name ${JSON.stringify(name)} is not a packet field name`);
  return name;
}

function position(n: unknown): number {
  if (!Number.isInteger(n) || (n as number) < 1) throw new Error(`CCLF layout position ${String(n)} is not a positive integer`);
  return n as number;
}

/** cut.sql's field columns: each layout field cut from the line at its position. */
function cutColumns(fields: LayoutField[]): string {
  return fields.map((f) => `cclf_cut(text, ${position(f.start)}, ${position(f.length)}) AS "${fieldName(f.name)}"`).join(',\n    ');
}

/** The lists of failing fields check.sql states, and the check kinds each holds. */
const FAILED_FIELD_LISTS = { missing: ['required'], bad_dates: ['date'], bad_numbers: ['number', 'integer'] } as const;

/** check.sql's failed-field columns: per list, the names of the fields failing one of its checks (cclf_fails). */
function failedFieldColumns(checks: FieldCheck[]): string {
  return Object.entries(FAILED_FIELD_LISTS)
    .map(([column, kinds]) => {
      const tests = checks
        .filter((c) => (kinds as readonly string[]).includes(c.check_kind))
        .map((c) => `CASE WHEN cclf_fails("${fieldName(c.field_name)}", '${c.check_kind}') THEN '${c.field_name}' END`);
      return `${tests.length > 0 ? `concat_ws(', ', ${tests.join(', ')})` : "''"} AS ${column}`;
    })
    .join(',\n        ');
}
