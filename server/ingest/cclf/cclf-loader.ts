// CMS Claim and Claim Line Feed (CCLF) ingest: the fixed-width files CMS sends a Shared Savings Program ACO.
// DuckDB reads each file as one text column; SQL cuts every line into fields by the CCLF Information Packet
// layout (refdata/cclf/cclf_layouts.csv, read per file so a new packet version is a new CSV; sql/cclf/load/cut.sql),
// names the checks and types the columns each file kind keeps (sql/cclf/load/cclfN.sql), and checks and stores rows
// and rejects (sql/cclf/load/store.sql): per file,
// read = loaded + rejected. Adjustments and cancellations stay as sent; the final-action views of
// sql/schema/12_cclf_aco.sql pick each claim's latest version.
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../config.ts';
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

const TEMP_TABLES = ['cclf_layout_field', 'cclf_layout_stage', 'cclf_line', 'cclf_cut', 'cclf_check', 'cclf_parsed', 'cclf_checked'];

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

  async prepareBatch(ctx) {
    await ensureMacros(ctx.connection, 'cclf/load/macros');
    return async () => {
      await runScript(ctx.connection, TEMP_TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
    };
  },

  async loadBatch(ctx, files) {
    const results: FormatFileResult[] = [];
    for (const file of files) results.push(await loadFile(ctx, file));
    return results;
  },
};

async function loadFile(ctx: LoadContext, file: BatchFile): Promise<FormatFileResult> {
  const c = ctx.connection;
  const kind = cclfKindOf(path.basename(file.path));
  const spec = CCLF_FILES.find((f) => f.kind === kind);
  if (!spec) {
    const known = CCLF_FILES.map((f) => f.kind).join(', ');
    throw new FileRejectedError('UnknownFileKind', `${path.basename(file.path)} is not a CCLF file Caliper reads (${known})`);
  }
  const layoutPath = path.join(config.CALIPER_REFDATA, 'cclf', 'cclf_layouts.csv');
  const [layout] = await runSqlFile(c, 'cclf/load/layout', { layout_path: layoutPath, cclf_file: spec.kind });
  if (!layout || Number(layout.field_count) === 0) throw new Error(`${layoutPath} has no ${spec.kind} layout`);
  await runSqlFile(c, 'cclf/load/lines', { path: file.path });
  await runSqlFile(c, 'cclf/load/cut');
  await runSqlFile(c, `cclf/load/${spec.kind.toLowerCase()}`);
  const [counts] = await runScript(c, sqlWithIdentifiers('cclf/load/store', { table: spec.table }), {
    source_file_id: file.source_file_id,
    content: spec.kind,
    record_length: Number(layout.record_length),
  });
  const read = Number(counts!.read);
  const loaded = Number(counts!.loaded);
  const rejected = Number(counts!.rejected);
  ctx.progress(`${path.basename(file.path)}: ${spec.kind} read ${read}, loaded ${loaded}, rejected ${rejected}`);
  return { format: 'cclf', content: spec.kind, counts: [{ resource_type: spec.kind, read, loaded, rejected }] };
}
