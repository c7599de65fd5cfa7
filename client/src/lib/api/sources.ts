// GET /api/sources: every practice's loads rolled up (sql/marts/dashboard/source_practices.sql), the files of
// one practice when asked (source_files.sql), rejected rows per practice, resource type and reason
// (sql/marts/reject_reasons.sql), and per practice its data completeness (source_completeness.sql) and patient
// linking (source_linking.sql); server/routes/sources.ts.
import { href } from '../links.ts';
import { getJson } from './http.ts';

export type FileStatus = 'loaded' | 'empty' | 'failed';

export interface LoadCounts {
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** latest loaded_at (ISO-8601 UTC), null when nothing loaded */
  last_loaded_at: string | null;
}

/** Every practice, with or without files. */
export interface PracticeSources extends LoadCounts {
  practice_id: string;
  practice_name: string;
  ehr: string | null;
  /** files per status */
  statuses: Record<FileStatus, number>;
}

export interface SourceFileRow {
  practice_id: string;
  source_file_id: number;
  path: string;
  format: string;
  content: string | null;
  sha256: string;
  bytes: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  status: FileStatus;
  /** ISO-8601 UTC */
  loaded_at: string;
}

export interface RejectReasonRow {
  practice_id: string;
  resource_type: string | null;
  reason: string;
  rows_rejected: number;
}

export interface CompletenessRow {
  practice_id: string;
  patients: number;
  patients_with_bp: number;
  /** 0-1, null without patients */
  bp_share: number | null;
  lab_results: number;
  lab_results_loinc: number;
  /** 0-1, null without lab results */
  lab_loinc_share: number | null;
  unmapped_local_codes: number;
  /** observations with no LOINC/SNOMED coding */
  unmapped_observations: number;
}

export interface LinkingRow {
  practice_id: string;
  records: number;
  patients: number;
  records_shared_with_other_practices: number;
  min_link_score: number | null;
  rules: { rule: string; records: number }[] | null;
}

export interface SourcesResponse {
  practices: PracticeSources[];
  /** the files of the practice asked for; [] without one */
  files: SourceFileRow[];
  rejects: RejectReasonRow[];
  completeness: CompletenessRow[];
  linking: LinkingRow[];
}

export const fetchSources = (practice: string | null) => getJson<SourcesResponse>(href('/api/sources', { practice }));
