// The load orchestrator: practice folders -> practice row and code map -> each file identified by its
// sha256, loaded by its format's loader in one transaction, counted, and given the practice's code map.
// A file the practice already loaded (same sha256) is skipped; a file that fails is recorded (status
// failed + a file-level rejected_row) and the load goes on with the next one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { applyCodeMap, loadCodeMap } from './code-map.ts';
import { csvLoader } from './csv-extract.ts';
import { fhirLoader } from './fhir.ts';
import { FileRejectedError } from './file-rejected.ts';
import { findPracticeFolders, readManifest } from './source-manifest.ts';
import { runScript, runSqlFile } from '../db/sql-script.ts';
import type { ContentCount, FileLoadResult, FormatLoader, SourceFileRef, SourceManifest } from './types.ts';

const LOADERS: Record<SourceManifest['format'], FormatLoader> = { fhir: fhirLoader, csv: csvLoader };

/** Files this big get a progress line when their load starts, not only when it ends. */
const LARGE_FILE_BYTES = 64 * 2 ** 20;

export interface IngestOptions {
  /** One line per event worth telling an operator (file loaded, skipped, failed), e.g. to stderr. */
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

/** Load every practice folder named by `paths` (practice folders, or folders with practice folders below). */
export async function ingestPaths(db: Database, paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const folders = await findPracticeFolders(paths);
  // Every manifest is checked before anything loads, so a typo in one does not leave a half-done run.
  const manifests = await Promise.all(folders.map(readManifest));
  const practices: PracticeSummary[] = [];
  for (const [i, folder] of folders.entries()) practices.push(await loadFolder(db, folder, manifests[i]!, opts));
  return { practices, ms: Math.round(performance.now() - started) };
}

/** Load one practice folder: its source.json and the files its format's loader lists. */
export async function ingestFolder(db: Database, folder: string, opts: IngestOptions = {}): Promise<PracticeSummary> {
  return loadFolder(db, folder, await readManifest(folder), opts);
}

async function loadFolder(db: Database, folder: string, manifest: SourceManifest, opts: IngestOptions): Promise<PracticeSummary> {
  const files = await LOADERS[manifest.format].listFiles(folder, manifest);
  return ingestFiles(db, manifest, folder, files, opts);
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
  const progress = opts.progress ?? (() => {});
  await db.transaction(async (c) => {
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
  });
  const results: FileLoadResult[] = [];
  for (const file of files) {
    const result = await loadFile(db, manifest, folder, path.resolve(folder, file), progress);
    progress(describe(manifest.practice_id, folder, result));
    results.push(result);
  }
  return { practice_id: manifest.practice_id, name: manifest.name, folder, files: results, counts: sumCounts(results) };
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function loadFile(
  db: Database,
  manifest: SourceManifest,
  folder: string,
  file: string,
  progress: (message: string) => void,
): Promise<FileLoadResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const base = { path: file, practice_id: manifest.practice_id, format: manifest.format };

  let ref: SourceFileRef;
  try {
    const { size } = await fs.promises.stat(file);
    ref = { practice_id: manifest.practice_id, path: file, sha256: await sha256(file), bytes: size };
  } catch (error) {
    // No content to identify it by: the marker keeps source_file.sha256 unique per failed attempt.
    const marker = `unreadable:${new Date().toISOString()}:${file}`;
    return recordFailure(db, { ...base, sha256: marker, bytes: 0 }, 'Unreadable', error, elapsed());
  }

  const [previous] = await db.queryFile('ingest/previous_file', { practice_id: ref.practice_id, sha256: ref.sha256 });
  if (previous && previous.status !== 'failed') {
    const source_file_id = Number(previous.source_file_id);
    return { ...base, source_file_id, skipped: true, status: 'skipped', counts: [], ms: elapsed() };
  }
  if (previous) {
    const forget = { source_file_id: Number(previous.source_file_id) };
    await db.transaction((c) => runSqlFile(c, 'ingest/forget_failed_file', forget));
  }
  if (ref.bytes >= LARGE_FILE_BYTES) {
    progress(`${manifest.practice_id} ${path.relative(folder, file)}: loading ${Math.round(ref.bytes / 2 ** 20)} MiB`);
  }

  const loader = LOADERS[manifest.format];
  try {
    return await db.withConnection(async (connection) => {
      const ctx = { connection, manifest, folder, progress };
      const release = await loader.prepareFile?.(ctx, ref);
      try {
        return await inTransaction(connection, async () => {
          const registration = { ...base, sha256: ref.sha256, bytes: ref.bytes };
          const [registered] = await runSqlFile(connection, 'ingest/register_file', registration);
          const source_file_id = Number(registered!.source_file_id);
          const loaded = await loader.loadFile(ctx, { ...ref, source_file_id });
          const status = loaded.counts.reduce((n, c) => n + c.read, 0) === 0 ? 'empty' : 'loaded';
          await runSqlFile(connection, 'ingest/file_loaded', {
            source_file_id,
            format: loaded.format,
            content: loaded.content,
            status,
            load_ms: elapsed(),
            counts: JSON.stringify(loaded.counts),
          });
          await applyCodeMap(connection, source_file_id, manifest.practice_id);
          const { format, counts } = loaded;
          return { ...base, format, source_file_id, skipped: false, status, counts, ms: elapsed() } satisfies FileLoadResult;
        });
      } finally {
        await release?.();
      }
    });
  } catch (error) {
    // Recorded once the connection is back in the pool (a pool of one would otherwise wait on itself).
    const reason = error instanceof FileRejectedError ? error.reason : 'LoadFailed';
    return recordFailure(db, { ...base, sha256: ref.sha256, bytes: ref.bytes }, reason, error, elapsed());
  }
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

async function recordFailure(
  db: Database,
  file: { practice_id: string; path: string; format: string; sha256: string; bytes: number },
  reason: string,
  error: unknown,
  ms: number,
): Promise<FileLoadResult> {
  // DuckDB errors append the reader options after a blank line: the first paragraph says what went wrong.
  const detail = (error instanceof Error ? error.message : String(error)).split('\n\n')[0]!.slice(0, 2000);
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

/** One progress line: practice, file, rows and rate. */
function describe(practiceId: string, folder: string, r: FileLoadResult): string {
  const name = path.relative(folder, r.path) || r.path;
  if (r.status === 'skipped') return `${practiceId} ${name}: already loaded (same sha256), skipped`;
  if (r.status === 'failed') return `${practiceId} ${name}: FAILED (see rejected_row of source_file ${r.source_file_id})`;
  const num = (n: number) => n.toLocaleString('en-US');
  const read = r.counts.reduce((n, c) => n + c.read, 0);
  const rejected = r.counts.reduce((n, c) => n + c.rejected, 0);
  const rate = r.ms > 0 ? Math.round((read * 1000) / r.ms) : read;
  return `${practiceId} ${name}: ${num(read)} read, ${num(rejected)} rejected in ${(r.ms / 1000).toFixed(1)} s (${num(rate)}/s)`;
}
