// FHIR R4 loader: NDJSON (Bulk Data) and Bundle JSON files -> the core tables.
// A load batch is the NDJSON files of one kind (file name) from many practices, at most one per practice,
// or one Bundle. Before the load's transaction: one reader pass stages every line of the batch, keyed by
// source file (fhir-ndjson.ts / fhir-bundle.ts), and classify.sql rejects what no kind can load. Each
// resource kind present is normalised for the whole batch by one statement (sql/normalize/fhir/<kind>.sql):
// before the transaction when it is the batch's only kind, else in it. In the transaction each kind is
// stored by store.sql; every line ends up loaded or in rejected_row, counted per file and resource type.
import fs from 'node:fs/promises';
import path from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { sqlFile } from '../db/sql-registry.ts';
import { applyCodeMapStaged } from './code-map.ts';
import { stageBundle, isBundleJson } from './fhir-bundle.ts';
import { stageNdjson, isNdjson } from './fhir-ndjson.ts';
import { ensureMacros } from './session-macros.ts';
import { MANIFEST_FILE } from './source-manifest.ts';
import { runScript, runSqlFile, sqlWithIdentifiers } from '../db/sql-script.ts';
import type { BatchFile, ContentCount, FormatFileResult, FormatLoader, LoadContext, SourceManifest } from './types.ts';

interface FhirKind {
  resourceType: string;
  /** sql/normalize/fhir/<sql>.sql (given $resource_type, so kinds of one shape share a file) */
  sql: string;
  /** core table the kind is stored in */
  table: string;
}

/**
 * The resource kinds loaded, in load order: Patients first (every other kind must reference a loaded
 * patient), Practitioner/Organization/Medication before the kinds that look them up.
 */
export const FHIR_KINDS: readonly FhirKind[] = [
  { resourceType: 'Patient', sql: 'patient', table: 'patient_record' },
  { resourceType: 'Practitioner', sql: 'practitioner', table: 'provider' },
  { resourceType: 'Organization', sql: 'organization', table: 'organization' },
  { resourceType: 'Medication', sql: 'medication', table: 'medication' },
  { resourceType: 'Encounter', sql: 'encounter', table: 'encounter' },
  { resourceType: 'Condition', sql: 'condition', table: 'condition' },
  { resourceType: 'Observation', sql: 'observation', table: 'observation' },
  { resourceType: 'Procedure', sql: 'procedure', table: 'procedure' },
  { resourceType: 'MedicationRequest', sql: 'medication_request', table: 'medication_request' },
  { resourceType: 'ServiceRequest', sql: 'service_request', table: 'service_request' },
  { resourceType: 'DeviceRequest', sql: 'device_request', table: 'device_request' },
  { resourceType: 'Immunization', sql: 'immunization', table: 'immunization' },
  { resourceType: 'Coverage', sql: 'coverage', table: 'coverage' },
  { resourceType: 'Claim', sql: 'claim', table: 'claim_line' },
  { resourceType: 'ExplanationOfBenefit', sql: 'claim', table: 'claim_line' },
];

/**
 * Load order of a practice folder's files: NDJSON by the resource type their name starts with
 * (Bulk Data names files "<Type>.ndjson", "<Type>_2.ndjson", ...) in FHIR_KINDS order, other NDJSON after,
 * then Bundles (which carry their own Patients). Path order within a rank, so dated sub-folders load
 * oldest first and the newest state of a record wins.
 */
function loadRank(file: string): number {
  if (!isNdjson(file)) return FHIR_KINDS.length + 1;
  const prefix = /^[A-Za-z]+/.exec(path.basename(file))?.[0].toLowerCase();
  const rank = FHIR_KINDS.findIndex((k) => k.resourceType.toLowerCase() === prefix);
  return rank === -1 ? FHIR_KINDS.length : rank;
}

/** Files below `folder` (recursively), leaving out sub-folders that are practices of their own. */
async function filesBelow(folder: string, top = true): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  if (!top && entries.some((e) => e.isFile() && e.name === MANIFEST_FILE)) return [];
  const nested = await Promise.all(
    entries.map((e) => {
      const full = path.join(folder, e.name);
      return e.isDirectory() ? filesBelow(full, false) : Promise.resolve(e.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

/** counts.sql rows -> per source_file_id, its counts per resource type. */
function countsByFile(rows: Record<string, unknown>[]): Map<number, ContentCount[]> {
  const byFile = new Map<number, ContentCount[]>();
  for (const r of rows) {
    const count = { resource_type: String(r.resource_type), read: Number(r.read), loaded: Number(r.loaded), rejected: Number(r.rejected) };
    // Every line is counted exactly once; a mismatch is a bug that would drop lines silently.
    if (count.read !== count.loaded + count.rejected) {
      const { resource_type, read, loaded, rejected } = count;
      throw new Error(`FHIR load miscounted ${resource_type}: read ${read} != loaded ${loaded} + rejected ${rejected}`);
    }
    const id = Number(r.source_file_id);
    byFile.set(id, [...(byFile.get(id) ?? []), count]);
  }
  return byFile;
}

export const fhirLoader: FormatLoader = {
  async listFiles(folder: string, manifest: SourceManifest): Promise<string[]> {
    // The manifest and the files it names are configuration, not extracts.
    const own = new Set(
      [MANIFEST_FILE, manifest.code_map, manifest.csv_mapping].filter((f) => f !== undefined).map((f) => path.resolve(folder, f)),
    );
    const files = (await filesBelow(folder)).filter((f) => (isNdjson(f) || isBundleJson(f)) && !own.has(path.resolve(f)));
    return files
      .map((file) => ({ file, rank: loadRank(file) }))
      .sort((a, b) => a.rank - b.rank || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      .map((f) => f.file);
  },

  /** NDJSON files of one load rank (resource type by name) batch across practices; a Bundle loads alone. */
  batchKey: (file: string) => (isNdjson(file) ? `fhir-ndjson:${loadRank(file)}` : null),

  /** Stage and classify the batch's lines (temp tables only) before the load's transaction; normalise a lone kind. */
  async prepareBatch(ctx: LoadContext, files: BatchFile[]): Promise<() => Promise<void>> {
    const c = ctx.connection;
    const release = async () => {
      await runSqlFile(c, 'normalize/fhir/cleanup');
    };
    try {
      await ensureMacros(c, 'normalize/fhir/macros');
      await runSqlFile(c, 'normalize/code_systems');
      const paths = files.map((f) => f.path);
      await runSqlFile(c, 'normalize/fhir/batch_files', {
        paths: listValue(paths),
        source_file_ids: listValue(files.map((f) => f.source_file_id)),
        practice_ids: listValue(files.map((f) => f.practice_id)),
      });
      if (files.every((f) => isNdjson(f.path))) await stageNdjson(c, paths);
      else if (files.length === 1) await stageBundle(c, paths[0]!);
      else throw new Error('a Bundle loads as a batch of its own');
      await runSqlFile(c, 'normalize/fhir/classify', {
        resource_types: listValue(FHIR_KINDS.map((k) => k.resourceType)),
      });
      const kinds = await presentKinds(c);
      if (normalisedBeforeTransaction(kinds)) await normalise(c, kinds[0]!);
    } catch (error) {
      await release();
      throw error;
    }
    return release;
  },

  appliesCodeMap: true,

  /**
   * Normalise each kind present (Patients first) for the whole batch unless prepareBatch did, apply the
   * practices' code maps, store it, keep the rejects, count per file.
   */
  async loadBatch(ctx: LoadContext, files: BatchFile[]): Promise<FormatFileResult[]> {
    const c = ctx.connection;
    const kinds = await presentKinds(c);
    const ids = files.map((f) => f.source_file_id);
    for (const kind of kinds) {
      if (!normalisedBeforeTransaction(kinds)) await normalise(c, kind);
      await applyCodeMapStaged(c, ids, kind.table, 'fhir_out');
      await runScript(c, sqlWithIdentifiers('normalize/fhir/store', { table: kind.table }), {
        resource_type: kind.resourceType,
      });
    }
    await runSqlFile(c, 'normalize/fhir/finish');
    const byFile = countsByFile(await runSqlFile(c, 'normalize/fhir/counts'));
    return files.map((file) => {
      const counts = byFile.get(file.source_file_id) ?? [];
      const ndjson = isNdjson(file.path);
      return {
        format: ndjson ? 'fhir-ndjson' : 'fhir-bundle',
        content: ndjson && counts.length === 1 ? counts[0]!.resource_type : null,
        counts,
      };
    });
  },
};

/** The kinds of the staged batch's valid lines, in load order. */
async function presentKinds(c: DuckDBConnection): Promise<FhirKind[]> {
  const types = await runScript(c, 'SELECT DISTINCT resource_type FROM fhir_line_head WHERE json_ok');
  const present = new Set(types.map((r) => r.resource_type));
  return FHIR_KINDS.filter((k) => present.has(k.resourceType));
}

/**
 * A batch of one kind (every NDJSON batch of Bulk Data files) is normalised before its transaction: what it looks
 * up (its Patients, Practitioners, ...) was stored by earlier batches. Inside the open transaction DuckDB keeps
 * fhir_out in transaction-local storage and scans it on one thread. A batch of several kinds (a Bundle) is
 * normalised kind by kind in the transaction, each after the kinds it looks up are stored.
 */
const normalisedBeforeTransaction = (kinds: FhirKind[]) => kinds.length === 1;

/** One kind's lines of the batch, normalised (sql/normalize/fhir/<kind>.sql): temp table fhir_out. */
async function normalise(c: DuckDBConnection, kind: FhirKind): Promise<void> {
  await runScript(c, `CREATE OR REPLACE TEMP TABLE fhir_out AS\n${sqlFile(`normalize/fhir/${kind.sql}`)}`, {
    resource_type: kind.resourceType,
  });
}
