// Rolls the per-file rows of GET /api/sources up to practices and the network for display.
// The API sends one row per file (a few per practice), so this is presentation, not data work.
import type { FileStatus, RejectReasonRow, SourceFileRow, SourcesResponse } from '../api/sources.ts';

export interface LoadCounts {
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** latest loaded_at (ISO-8601 UTC), null when nothing loaded */
  last_loaded_at: string | null;
}

export interface PracticeSources extends LoadCounts {
  practice_id: string;
  practice_name: string;
  ehr: string | null;
  /** only rows that are files (a practice without files has none) */
  fileRows: SourceFileRow[];
  statuses: Partial<Record<FileStatus, number>>;
}

const zero = (): LoadCounts => ({ files: 0, rows_read: 0, rows_loaded: 0, rows_rejected: 0, last_loaded_at: null });

function add(into: LoadCounts, row: SourceFileRow): void {
  into.files += 1;
  into.rows_read += row.rows_read ?? 0;
  into.rows_loaded += row.rows_loaded ?? 0;
  into.rows_rejected += row.rows_rejected ?? 0;
  if (row.loaded_at && (into.last_loaded_at === null || row.loaded_at > into.last_loaded_at)) into.last_loaded_at = row.loaded_at;
}

/** Practices in API order, each with its files and counts. */
export function byPractice(files: SourceFileRow[]): PracticeSources[] {
  const practices = new Map<string, PracticeSources>();
  for (const row of files) {
    let practice = practices.get(row.practice_id);
    if (!practice) {
      practice = { practice_id: row.practice_id, practice_name: row.practice_name, ehr: row.ehr, fileRows: [], statuses: {}, ...zero() };
      practices.set(row.practice_id, practice);
    }
    if (row.source_file_id === null) continue;
    practice.fileRows.push(row);
    add(practice, row);
    if (row.status) practice.statuses[row.status] = (practice.statuses[row.status] ?? 0) + 1;
  }
  return [...practices.values()];
}

export function totals(practices: PracticeSources[]): LoadCounts {
  const sum = zero();
  for (const p of practices) for (const row of p.fileRows) add(sum, row);
  return sum;
}

export const hasFiles = (data: SourcesResponse): boolean => data.files.some((f) => f.source_file_id !== null);

export const rejectTotal = (rejects: RejectReasonRow[]): number => rejects.reduce((n, r) => n + r.rows_rejected, 0);
