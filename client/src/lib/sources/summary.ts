// Network totals of GET /api/sources' per-practice load counts, for display.
import type { LoadCounts, PracticeSources, RejectReasonRow, SourcesResponse } from '../api/sources.ts';

export function totals(practices: PracticeSources[]): LoadCounts {
  const sum: LoadCounts = { files: 0, rows_read: 0, rows_loaded: 0, rows_rejected: 0, last_loaded_at: null };
  for (const p of practices) {
    sum.files += p.files;
    sum.rows_read += p.rows_read;
    sum.rows_loaded += p.rows_loaded;
    sum.rows_rejected += p.rows_rejected;
    if (p.last_loaded_at && (sum.last_loaded_at === null || p.last_loaded_at > sum.last_loaded_at)) sum.last_loaded_at = p.last_loaded_at;
  }
  return sum;
}

export const hasFiles = (data: SourcesResponse): boolean => data.practices.some((p) => p.files > 0);

export const rejectTotal = (rejects: RejectReasonRow[]): number => rejects.reduce((n, r) => n + r.rows_rejected, 0);
