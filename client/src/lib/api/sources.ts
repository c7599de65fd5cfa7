// GET /api/sources: one row per source file (sql/marts/source_status.sql), rejected rows per practice,
// resource type and reason (sql/marts/reject_reasons.sql), and per practice its data completeness
// (source_completeness.sql) and patient linking (source_linking.sql); server/routes/sources.ts.
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
  files: SourceFileRow[];
  rejects: RejectReasonRow[];
  completeness: CompletenessRow[];
  linking: LinkingRow[];
}

export const fetchSources = () => getJson<SourcesResponse>('/api/sources');
