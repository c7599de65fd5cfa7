// GET /api/sources: one row per source file (sql/marts/source_status.sql) and
// rejected rows per practice, resource type and reason (sql/marts/reject_reasons.sql).
import { getJson } from './http.ts';

export type FileStatus = 'loaded' | 'empty' | 'failed';

/** A practice with no files yet appears once, with every file column null. */
export interface SourceFileRow {
  practice_id: string;
  practice_name: string;
  ehr: string | null;
  source_file_id: number | null;
  path: string | null;
  format: string | null;
  content: string | null;
  sha256: string | null;
  bytes: number | null;
  rows_read: number | null;
  rows_loaded: number | null;
  rows_rejected: number | null;
  status: FileStatus | null;
  /** ISO-8601 UTC */
  loaded_at: string | null;
}

export interface RejectReasonRow {
  practice_id: string;
  resource_type: string | null;
  reason: string;
  rows_rejected: number;
}

export interface SourcesResponse {
  files: SourceFileRow[];
  rejects: RejectReasonRow[];
}

export const fetchSources = () => getJson<SourcesResponse>('/api/sources');
