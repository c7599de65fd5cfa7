// Uploaded practice extracts, loaded in this process (DuckDB allows one process per database file, so
// the server cannot hand the file to a `caliper ingest` process) through the same path as
// `caliper ingest`: ingestFolder, then patient linking. Loads run one at a time, in arrival order; each
// is a job the client polls for its progress lines and, at the end, its summary and reject report.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { Database } from '../db/database.ts';
import type { Row } from '../db/json.ts';
import { linkPatients, type LinkSummary } from '../ingest/link-patients.ts';
import { buildSourceQuality } from '../marts/source-quality.ts';
import { ingestFolder, type PracticeSummary } from '../ingest/orchestrator.ts';
import { scrub, type Logger } from '../log.ts';

/** Rejected rows listed per upload (the counts in the summary cover them all). */
const REJECTS_SHOWN = 1000;
/** Finished jobs kept for polling and the list. */
const JOBS_KEPT = 50;

export interface UploadJob {
  upload_id: string;
  practice_id: string;
  username: string;
  files: number;
  bytes: number;
  status: 'queued' | 'loading' | 'done' | 'failed';
  started_at: string;
  progress: string[];
  summary?: PracticeSummary & { link: LinkSummary };
  rejects?: Row[];
  error?: string;
}

export type UploadBrief = Omit<UploadJob, 'progress' | 'summary' | 'rejects'>;

export class UploadJobs {
  private readonly jobs = new Map<string, UploadJob>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Queue the load of a practice folder (source.json + files); the folder is removed afterwards. */
  start(folder: string, meta: Pick<UploadJob, 'practice_id' | 'username' | 'files' | 'bytes'>): UploadJob {
    const job: UploadJob = { upload_id: randomUUID(), ...meta, status: 'queued', started_at: new Date().toISOString(), progress: [] };
    this.jobs.set(job.upload_id, job);
    for (const id of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - JOBS_KEPT))) this.jobs.delete(id);
    this.queue = this.queue.then(() => this.load(job, folder));
    return job;
  }

  get(uploadId: string): UploadJob | undefined {
    return this.jobs.get(uploadId);
  }

  /** Newest first, without progress lines, summaries and rejects. */
  list(): UploadBrief[] {
    return [...this.jobs.values()].reverse().map(({ upload_id, practice_id, username, files, bytes, status, started_at, error }) => ({
      upload_id,
      practice_id,
      username,
      files,
      bytes,
      status,
      started_at,
      error,
    }));
  }

  /** Resolves when every queued load has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async load(job: UploadJob, folder: string): Promise<void> {
    job.status = 'loading';
    let outcome: 'done' | 'failed' = 'failed';
    try {
      const practice = await ingestFolder(this.db, folder, { progress: (line) => job.progress.push(line) });
      job.progress.push('linking patients across practices');
      const link = await linkPatients(this.db);
      await buildSourceQuality(this.db); // the data-sources screen's completeness and linking marts
      const loaded = practice.files.filter((f) => f.status !== 'skipped').map((f) => f.source_file_id);
      job.rejects = await this.db.queryFile('uploads/file_rejects', { source_file_ids: JSON.stringify(loaded), limit: REJECTS_SHOWN });
      job.summary = { ...practice, link };
      outcome = 'done';
    } catch (error) {
      // The ingest's own messages name files and fields, never row contents.
      job.error = error instanceof Error ? error.message : String(error);
      this.logger.warn({ upload_id: job.upload_id, practice_id: job.practice_id, error: job.error }, 'upload failed');
    } finally {
      // The uploaded files go before the job reports its end, so a finished upload has left no copy behind.
      await fs.rm(folder, { recursive: true, force: true }).catch((error: unknown) =>
        this.logger.error({ upload_id: job.upload_id, error: scrub(String(error)) }, 'upload folder not removed'),
      );
      job.status = outcome;
    }
  }
}
