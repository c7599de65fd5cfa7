// The load orchestrator: practice folders -> practice row and code map -> each file identified by its
// sha256 -> load batches, each loaded by its format's loader in one transaction, counted per file, and
// given its practices' code maps. A batch is the files of many practices that share a batch key (e.g. every
// practice's Observation.ndjson): one reader pass and one statement per kind for all of them, instead of a
// pass per file. A file the practice already loaded (same sha256) is skipped; a batch that fails is loaded
// again file by file, so only the failing file is recorded as failed (status failed + a file-level
// rejected_row) and the load goes on.
import fs from 'node:fs';
import path from 'node:path';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { applyCodeMap, loadCodeMap } from './code-map.ts';
import { cclfLoader } from './cclf/cclf-loader.ts';
import { csvLoader } from './csv-extract.ts';
import { fhirLoader } from './fhir.ts';
import { sha256File } from './file-hash.ts';
import { FileRejectedError } from './file-rejected.ts';
import { findPracticeFolders, readManifest } from './source-manifest.ts';
import { runScript, runSqlFile } from '../db/sql-script.ts';
import type { BatchFile, ContentCount, FileLoadResult, FormatLoader, SourceFileRef, SourceManifest } from './types.ts';

const LOADERS: Record<SourceManifest['format'], FormatLoader> = { fhir: fhirLoader, csv: csvLoader, cclf: cclfLoader };

/** A batch this big gets a progress line when its load starts, not only when it ends. */
const LARGE_BATCH_BYTES = 64 * 2 ** 20;

/**
 * Upper bound of one batch's bytes: its lines are held as temp tables (and copied once while numbered)
 * during its load, so this bounds the memory of a load whatever the network's size. Large enough that a
 * batch's fixed cost (a reader pass, ~20 statements) is spread over ~10^5-10^6 resources.
 */
const BATCH_BYTES = 384 * 2 ** 20;

export interface IngestOptions {
  /** One line per event worth telling an operator (batch loaded, file skipped or failed), e.g. to stderr. */
  progress?: (message: string) => void;
}

export interface PracticeSummary {
  practice_id: string;
  name: string;
  folder: string;
  files: FileLoadResult[];
  /** Per resource type (or CSV table), summed over the files loaded now: read = loaded + rejected. */
  counts: ContentCount[];
}

export interface IngestSummary {
  practices: PracticeSummary[];
  ms: number;
}

/** One practice source and the files to load from it, in its load order. */
interface Source {
  manifest: SourceManifest;
  folder: string;
  files: string[];
}

/** A file of the load plan; `result` is set once it is loaded, skipped or failed. */
interface PlannedFile {
  manifest: SourceManifest;
  folder: string;
  path: string;
  loader: FormatLoader;
  /** Files with the same unit load as one batch (null: alone). */
  unit: string | null;
  ref?: SourceFileRef;
  result?: FileLoadResult;
}

/** Load every practice folder named by `paths` (practice folders, or folders with practice folders below). */
export async function ingestPaths(db: Database, paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const folders = await findPracticeFolders(paths);
  // Every manifest is checked before anything loads, so a typo in one does not leave a half-done run.
  const manifests = await Promise.all(folders.map(readManifest));
  const sources = await openSources(db, folders.map((folder, i) => ({ folder, manifest: manifests[i]! })), opts);
  const practices = await loadSources(db, sources, opts.progress ?? (() => {}));
  return { practices, ms: Math.round(performance.now() - started) };
}

/** Load one practice folder: its source.json and the files its format's loader lists. */
export async function ingestFolder(db: Database, folder: string, opts: IngestOptions = {}): Promise<PracticeSummary> {
  const sources = await openSources(db, [{ folder, manifest: await readManifest(folder) }], opts);
  return (await loadSources(db, sources, opts.progress ?? (() => {})))[0]!;
}

/**
 * Load the given files of one practice (paths absolute or relative to `folder`) in the given order. For
 * callers without a manifest file, e.g. the eCQM conformance runner (practice_id 'conformance').
 */
export async function ingestFiles(
  db: Database,
  manifest: SourceManifest,
  folder: string,
  files: string[],
  opts: IngestOptions = {},
): Promise<PracticeSummary> {
  await upsertPractices(db, [{ manifest, folder }], opts.progress ?? (() => {}));
  const source = { manifest, folder, files: files.map((f) => path.resolve(folder, f)) };
  return (await loadSources(db, [source], opts.progress ?? (() => {})))[0]!;
}

/** Each practice folder's files (its format's loader lists them), then the practices' rows and code maps. */
async function openSources(db: Database, found: { folder: string; manifest: SourceManifest }[], opts: IngestOptions): Promise<Source[]> {
  const sources = await Promise.all(
    found.map(async ({ folder, manifest }) => ({ manifest, folder, files: await LOADERS[manifest.format].listFiles(folder, manifest) })),
  );
  await upsertPractices(db, found, opts.progress ?? (() => {}));
  return sources;
}

/**
 * The practice rows and their code maps (each replaced by the folder's, or emptied when it names none), all
 * in one transaction: a commit per practice cost more than its statements.
 */
async function upsertPractices(db: Database, found: { folder: string; manifest: SourceManifest }[], progress: (m: string) => void): Promise<void> {
  await db.transaction(async (c) => {
    for (const { folder, manifest } of found) {
      await runSqlFile(c, 'ingest/upsert_practice', {
        practice_id: manifest.practice_id,
        name: manifest.name,
        tin: manifest.tin ?? null,
        ehr: manifest.ehr ?? null,
        source_format: manifest.format,
      });
      if (manifest.code_map) {
        const rows = await loadCodeMap(c, manifest.practice_id, path.resolve(folder, manifest.code_map));
        progress(`${manifest.practice_id}: code map ${manifest.code_map}: ${rows} local code(s)`);
      } else {
        await runScript(c, 'DELETE FROM local_code_map WHERE practice_id = $practice_id', { practice_id: manifest.practice_id });
      }
    }
  });
}

/**
 * Identify every file, then load them in batches. Each practice's files load in its own order; at each
 * step the batch is the next file of every practice whose next file shares the most common unit (so the
 * practices' Patient files load together, then their Practitioner files, ...).
 */
async function loadSources(db: Database, sources: Source[], progress: (m: string) => void): Promise<PracticeSummary[]> {
  const plans = await Promise.all(sources.map((source) => planSource(source)));
  const all = plans.flat();
  const identifyStarted = performance.now();
  await identify(db, all);
  if (all.length > 1) {
    const mb = all.reduce((n, f) => n + (f.ref?.bytes ?? 0), 0) / 2 ** 20;
    const s = (performance.now() - identifyStarted) / 1000;
    progress(`identified ${all.length.toLocaleString('en-US')} files (${Math.round(mb).toLocaleString('en-US')} MiB, sha256) in ${s.toFixed(1)} s`);
  }
  const known = await knownFiles(db, sources.map((s) => s.manifest.practice_id));

  const queues = plans.map((plan) => plan.filter((f) => !f.result));
  for (;;) {
    const heads = queues.filter((q) => q.length > 0).map((q) => q[0]!);
    if (heads.length === 0) break;
    const unit = mostCommonUnit(heads);
    const batch = unit === null ? [heads[0]!] : heads.filter((f) => f.unit === unit);
    for (const file of batch) queues.find((q) => q[0] === file)!.shift();
    const toLoad: PlannedFile[] = [];
    for (const file of batch) if (!(await skipOrForget(db, file, known))) toLoad.push(file);
    for (const chunk of byBytes(toLoad)) {
      await loadBatch(db, chunk, progress);
      for (const f of chunk) known.set(knownKey(f.manifest.practice_id, f.ref!.sha256), f.result!);
    }
  }

  return sources.map((source, i) => {
    const files = plans[i]!.map((f) => f.result!);
    return { practice_id: source.manifest.practice_id, name: source.manifest.name, folder: source.folder, files, counts: sumCounts(files) };
  });
}

async function planSource({ manifest, folder, files }: Source): Promise<PlannedFile[]> {
  const loader = LOADERS[manifest.format];
  const keys = await Promise.all(files.map((file) => loader.batchKey(file, manifest, folder)));
  const seen = new Map<string, number>();
  return files.map((file, i) => {
    const key = keys[i]!;
    if (key === null) return { manifest, folder, path: file, loader, unit: null };
    // The n-th file of a key joins the other practices' n-th: a batch never holds two files of one practice.
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { manifest, folder, path: file, loader, unit: `${manifest.format}|${key}|${n}` };
  });
}

function mostCommonUnit(heads: PlannedFile[]): string | null {
  const counts = new Map<string | null, number>();
  for (const f of heads) counts.set(f.unit, (counts.get(f.unit) ?? 0) + (f.unit === null ? 0 : 1));
  let best: string | null = heads[0]!.unit;
  for (const [unit, n] of counts) if (n > (counts.get(best) ?? 0)) best = unit;
  return best;
}

/** Consecutive runs of files up to BATCH_BYTES each (a bigger file is a batch of its own). */
function byBytes(files: PlannedFile[]): PlannedFile[][] {
  const chunks: PlannedFile[][] = [];
  let bytes = 0;
  for (const file of files) {
    const last = chunks.at(-1);
    if (last && bytes + file.ref!.bytes <= BATCH_BYTES) {
      last.push(file);
      bytes += file.ref!.bytes;
    } else {
      chunks.push([file]);
      bytes = file.ref!.bytes;
    }
  }
  return chunks;
}

/**
 * Size and sha256 of every planned file, hashed side by side (file-hash.ts); a file that cannot be read is
 * recorded as failed right away.
 */
async function identify(db: Database, files: PlannedFile[]): Promise<void> {
  const started = performance.now();
  const identified = await Promise.allSettled(
    files.map(async (file): Promise<SourceFileRef> => {
      const { size } = await fs.promises.stat(file.path);
      return { practice_id: file.manifest.practice_id, path: file.path, sha256: await sha256File(file.path), bytes: size };
    }),
  );
  for (const [i, outcome] of identified.entries()) {
    const file = files[i]!;
    if (outcome.status === 'fulfilled') {
      file.ref = outcome.value;
      continue;
    }
    // No content to identify it by: the marker keeps source_file.sha256 unique per failed attempt.
    const marker = `unreadable:${new Date().toISOString()}:${file.path}`;
    const ms = Math.round(performance.now() - started);
    file.result = await recordFailure(db, { ...fileBase(file), sha256: marker, bytes: 0 }, 'Unreadable', outcome.reason, ms);
  }
}

const knownKey = (practiceId: string, sha: string) => `${practiceId}\u0000${sha}`;

interface KnownFile {
  source_file_id: number;
  status: string;
}

async function knownFiles(db: Database, practiceIds: string[]): Promise<Map<string, KnownFile>> {
  const rows = await db.queryFile('ingest/known_files', { practice_ids: listValue([...new Set(practiceIds)]) });
  return new Map(rows.map((r) => [knownKey(String(r.practice_id), String(r.sha256)), { source_file_id: Number(r.source_file_id), status: String(r.status) }]));
}

/** true when the practice already loaded this content (the file is skipped); a failed earlier attempt is forgotten. */
async function skipOrForget(db: Database, file: PlannedFile, known: Map<string, KnownFile>): Promise<boolean> {
  const key = knownKey(file.manifest.practice_id, file.ref!.sha256);
  const previous = known.get(key);
  if (!previous) return false;
  if (previous.status !== 'failed') {
    file.result = { ...fileBase(file), source_file_id: previous.source_file_id, skipped: true, status: 'skipped', counts: [], ms: 0 };
    return true;
  }
  await db.transaction((c) => runSqlFile(c, 'ingest/forget_failed_file', { source_file_id: previous.source_file_id }));
  known.delete(key);
  return false;
}

const fileBase = (file: PlannedFile) => ({ path: file.path, practice_id: file.manifest.practice_id, format: file.manifest.format });

/**
 * Load one batch in one transaction: register its files under ids reserved before staging, let the loader
 * stage and normalise them, record their counts, apply the code maps. When the batch fails and holds
 * several files, each is loaded on its own, so one bad file does not fail the others.
 */
async function loadBatch(db: Database, files: PlannedFile[], progress: (m: string) => void): Promise<void> {
  const started = performance.now();
  const bytes = files.reduce((n, f) => n + f.ref!.bytes, 0);
  const label = files.length === 1 ? `${files[0]!.manifest.practice_id} ${path.relative(files[0]!.folder, files[0]!.path)}` : `${path.basename(files[0]!.path)} x${files.length}`;
  if (bytes >= LARGE_BATCH_BYTES) progress(`${label}: loading ${Math.round(bytes / 2 ** 20)} MiB`);
  const ids = await allocateIds(db, files.length);
  const batch: BatchFile[] = files.map((f, i) => ({ ...f.ref!, source_file_id: ids[i]!, manifest: f.manifest, folder: f.folder }));
  const loader = files[0]!.loader;
  try {
    const results = await db.withConnection(async (connection) => {
      // The loaders number lines by the rowid of the table a read fills: its rows keep the read's order only
      // while preserve_insertion_order is on (DuckDB's default; a measure run turns it off for its session).
      await connection.run('SET SESSION preserve_insertion_order = true');
      const ctx = { connection, progress };
      const release = await loader.prepareBatch?.(ctx, batch);
      try {
        return await inTransaction(connection, () => loadRegistered(connection, loader, files, batch, started, progress));
      } finally {
        await release?.();
      }
    });
    results.forEach((result, i) => (files[i]!.result = result));
    progress(files.length === 1 ? describe(files[0]!, results[0]!) : describeBatch(label, results, performance.now() - started));
  } catch (error) {
    if (files.length > 1) {
      progress(`${label}: batch failed (${firstParagraph(error).slice(0, 200)}); loading its files one by one`);
      for (const file of files) await loadBatch(db, [file], progress);
      return;
    }
    // Recorded once the connection is back in the pool (a pool of one would otherwise wait on itself).
    const file = files[0]!;
    const reason = error instanceof FileRejectedError ? error.reason : 'LoadFailed';
    const ms = Math.round(performance.now() - started);
    file.result = await recordFailure(db, { ...fileBase(file), sha256: file.ref!.sha256, bytes: file.ref!.bytes }, reason, error, ms);
    progress(describe(file, file.result));
  }
}

async function allocateIds(db: Database, n: number): Promise<number[]> {
  const rows = await db.queryFile('ingest/allocate_file_ids', { n });
  return rows.map((r) => Number(r.source_file_id));
}

async function loadRegistered(
  connection: DuckDBConnection,
  loader: FormatLoader,
  files: PlannedFile[],
  batch: BatchFile[],
  started: number,
  progress: (m: string) => void,
): Promise<FileLoadResult[]> {
  await runSqlFile(connection, 'ingest/register_files', {
    source_file_ids: listValue(batch.map((f) => f.source_file_id)),
    practice_ids: listValue(batch.map((f) => f.practice_id)),
    paths: listValue(batch.map((f) => f.path)),
    formats: listValue(batch.map((f) => f.manifest.format)),
    sha256s: listValue(batch.map((f) => f.sha256)),
    bytes: listValue(batch.map((f) => f.bytes)),
  });
  const loaded = await loader.loadBatch({ connection, progress }, batch);
  // A batch's time is shared among its files by size (they were read and normalised together).
  const ms = performance.now() - started;
  const totalBytes = batch.reduce((n, f) => n + f.bytes, 0);
  const results = batch.map((file, i): FileLoadResult => {
    const { format, counts } = loaded[i]!;
    const share = totalBytes > 0 ? file.bytes / totalBytes : 1 / batch.length;
    const status = counts.reduce((n, c) => n + c.read, 0) === 0 ? 'empty' : 'loaded';
    return { ...fileBase(files[i]!), format, source_file_id: file.source_file_id, skipped: false, status, counts, ms: Math.round(ms * share) };
  });
  const recorded = results.map((r, i) => ({ source_file_id: r.source_file_id, format: r.format, content: loaded[i]!.content, status: r.status, load_ms: r.ms, counts: r.counts }));
  await runSqlFile(connection, 'ingest/files_loaded', { files: JSON.stringify(recorded) });
  if (!loader.appliesCodeMap) await applyCodeMap(connection, batch.map((f) => f.source_file_id));
  return results;
}

/** Run `work` in one transaction on this connection; rolled back if it throws. */
async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** DuckDB errors append the reader options after a blank line: the first paragraph says what went wrong. */
const firstParagraph = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n\n')[0]!;

async function recordFailure(
  db: Database,
  file: { practice_id: string; path: string; format: string; sha256: string; bytes: number },
  reason: string,
  error: unknown,
  ms: number,
): Promise<FileLoadResult> {
  const detail = firstParagraph(error).slice(0, 2000);
  const [row] = await db.transaction((c) => runSqlFile(c, 'ingest/file_failed', { ...file, load_ms: ms, reason, detail }));
  return { ...file, source_file_id: Number(row!.source_file_id), skipped: false, status: 'failed', counts: [], ms };
}

function sumCounts(results: FileLoadResult[]): ContentCount[] {
  const sums = new Map<string, ContentCount>();
  for (const c of results.flatMap((r) => r.counts)) {
    const sum = sums.get(c.resource_type) ?? { resource_type: c.resource_type, read: 0, loaded: 0, rejected: 0 };
    sum.read += c.read;
    sum.loaded += c.loaded;
    sum.rejected += c.rejected;
    sums.set(c.resource_type, sum);
  }
  return [...sums.values()].sort((a, b) => a.resource_type.localeCompare(b.resource_type));
}

const num = (n: number) => n.toLocaleString('en-US');

/** One progress line for a file: practice, file, rows and rate. */
function describe(file: PlannedFile, r: FileLoadResult): string {
  const name = `${r.practice_id} ${path.relative(file.folder, r.path) || r.path}`;
  if (r.status === 'skipped') return `${name}: already loaded (same sha256), skipped`;
  if (r.status === 'failed') return `${name}: FAILED (see rejected_row of source_file ${r.source_file_id})`;
  const read = r.counts.reduce((n, c) => n + c.read, 0);
  const rejected = r.counts.reduce((n, c) => n + c.rejected, 0);
  const rate = r.ms > 0 ? Math.round((read * 1000) / r.ms) : read;
  return `${name}: ${num(read)} read, ${num(rejected)} rejected in ${(r.ms / 1000).toFixed(1)} s (${num(rate)}/s)`;
}

/** One progress line for a batch of several practices' files. */
function describeBatch(label: string, results: FileLoadResult[], ms: number): string {
  const counts = results.flatMap((r) => r.counts);
  const read = counts.reduce((n, c) => n + c.read, 0);
  const rejected = counts.reduce((n, c) => n + c.rejected, 0);
  const rate = ms > 0 ? Math.round((read * 1000) / ms) : read;
  return `${label} (${results.length} practices): ${num(read)} read, ${num(rejected)} rejected in ${(ms / 1000).toFixed(1)} s (${num(rate)}/s)`;
}
