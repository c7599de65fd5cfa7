// GET /api/worklist: one run's open care gaps as an Arrow IPC stream (server/routes/worklist.ts), decoded
// column-wise: the screen reads cells straight from the Arrow vectors instead of building 100k objects.
import type { Table } from 'apache-arrow';
import { getArrow } from './arrow.ts';
import { href } from '../links.ts';

export interface WorklistFilters {
  run?: string | null;
  measure?: string | null;
  group?: string | null;
  practice?: string | null;
  provider?: string | null;
  payer?: string | null;
  q?: string | null;
}

/** The columns of a worklist row, in display order. */
export const WORKLIST_COLUMNS = [
  'patient_id',
  'patient_name',
  'birth_date',
  'sex',
  'measure_id',
  'group_id',
  'practice_id',
  'provider_id',
  'gap_reason',
  'gap_text',
  'evidence_date',
  'evidence_value',
  'close_action',
  'close_by',
  'last_visit',
] as const;

export type WorklistColumn = (typeof WORKLIST_COLUMNS)[number];

export interface Worklist {
  table: Table;
  /** more gaps matched than the server sends (X-Worklist-Truncated): narrow the filters */
  truncated: boolean;
}

export async function fetchWorklist(filters: WorklistFilters): Promise<Worklist> {
  const { table, headers } = await getArrow(href('/api/worklist', { ...filters }));
  return { table, truncated: headers.get('x-worklist-truncated') === 'true' };
}
