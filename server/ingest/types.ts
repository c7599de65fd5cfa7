// Contracts shared by every ingest module (FHIR, CSV, later CCLF) and the load orchestrator.
import type { DuckDBConnection } from '@duckdb/node-api';

/** A practice's source folder is described by a manifest file `source.json` (validated in source-manifest.ts). */
export interface SourceManifest {
  practice_id: string;
  name: string;
  tin?: string;
  ehr?: string;
  /** fhir: NDJSON (one file per resource type) and/or Bundle JSON files; csv: flat extract per docs/csv-extract.md. */
  format: 'fhir' | 'csv' | 'cclf';
  /** Optional local code map CSV (local_system,local_code,code_system,code,display), relative to the folder. */
  code_map?: string;
  /** CSV only: the per-source mapping (header names, date format), relative to the folder. */
  csv_mapping?: string;
}

/** One file to load, already identified. */
export interface SourceFileRef {
  practice_id: string;
  path: string;
  sha256: string;
  bytes: number;
}

/** Counts for one kind of content (a FHIR resource type or CSV table) in one file: read = loaded + rejected. */
export interface ContentCount {
  resource_type: string;
  read: number;
  loaded: number;
  rejected: number;
}

export interface FileLoadResult {
  source_file_id: number;
  path: string;
  practice_id: string;
  format: string;
  /** true when a file with the same sha256 was already loaded (nothing changed). */
  skipped: boolean;
  status: 'loaded' | 'empty' | 'skipped' | 'failed';
  counts: ContentCount[];
  ms: number;
}

/** What a format module receives: a leased connection (inside the load's transaction) and progress reporting. */
export interface LoadContext {
  connection: DuckDBConnection;
  progress: (message: string) => void;
}

/** A file after the orchestrator gave it its source_file_id. */
export interface RegisteredFile extends SourceFileRef {
  source_file_id: number;
}

/** A file of a load batch, with the practice source it belongs to. */
export interface BatchFile extends RegisteredFile {
  manifest: SourceManifest;
  /** Folder the manifest lives in. */
  folder: string;
}

/** What one format module (fhir-*.ts, csv-extract.ts) returns for one file. */
export interface FormatFileResult {
  /** fhir-ndjson | fhir-bundle | csv */
  format: string;
  /** resource type or CSV table the file holds; null when mixed (Bundles). */
  content: string | null;
  counts: ContentCount[];
}

/**
 * A format module: which files of a folder it takes (in load order, patients first) and how to load a batch
 * of them. A batch is one file, or files of different practices that share a batch key: reading and
 * normalising them together saves the fixed cost of a reader pass and a statement per file.
 */
export interface FormatLoader {
  listFiles(folder: string, manifest: SourceManifest): Promise<string[]>;
  /**
   * Files of different practices with the same key (and the same position among their practice's files
   * with that key) may load as one batch; null: alone. `folder`/`manifest` are the file's practice source.
   */
  batchKey(file: string, manifest: SourceManifest, folder: string): string | null | Promise<string | null>;
  /** One result per file, in the batch's order. */
  loadBatch(ctx: LoadContext, files: BatchFile[]): Promise<FormatFileResult[]>;
  /**
   * true: loadBatch applies the practices' code maps to its rows before storing them (applyCodeMapStaged,
   * code-map.ts); otherwise the orchestrator applies them to the stored rows after loadBatch.
   */
  appliesCodeMap?: boolean;
  /**
   * Optional: stage the batch into temp tables on ctx.connection before the load's transaction begins
   * (DuckDB scans a temp table made inside the open transaction on one thread, at about twice the CPU).
   * Returns what to run on the same connection once the transaction has ended, either way.
   */
  prepareBatch?(ctx: LoadContext, files: BatchFile[]): Promise<() => Promise<void>>;
}
