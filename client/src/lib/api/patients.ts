// GET /api/patients/:patientId: one patient's demographics, attribution, source records, every measure's
// outcome and the timeline of records that decided them (server/routes/patients.ts documents the shape).
import { href } from '../links.ts';
import type { RunInfo } from './dashboard.ts';
import { getJson } from './http.ts';

export interface PatientMeasure {
  measure_id: string;
  group_id: string;
  title: string;
  inverse: boolean;
  initial_population: boolean;
  denominator: boolean;
  denominator_exclusion: boolean;
  denominator_exception: boolean;
  numerator: boolean;
  gap: boolean;
  gap_reason: string | null;
  gap_text: string | null;
  evidence_date: string | null;
  evidence_value: string | null;
  evidence_table: string | null;
  evidence_record_id: string | null;
  evidence_source_id: string | null;
  exclusion_reason: string | null;
  close_by: string | null;
  close_action: string | null;
}

export interface TimelineEntry {
  date: string | null;
  table: string;
  record_id: string;
  source_id: string | null;
  practice_id: string | null;
  description: string | null;
  value: string | null;
  measure_ids: string[];
}

export interface PatientDetail {
  run: RunInfo;
  patient: { patient_id: string; name: string | null; birth_date: string | null; sex: string | null; race: string | null; ethnicity: string | null; postal_code: string | null };
  attribution: { practice_id: string; practice_name: string; provider_id: string | null; provider_name: string | null } | null;
  records: { practice_id: string; practice_name: string; source_patient_id: string; link_rule: string | null; link_score: number | null }[];
  measures: PatientMeasure[];
  timeline: TimelineEntry[];
}

export const fetchPatient = (patientId: string, run?: string | null) =>
  getJson<PatientDetail>(href(`/api/patients/${encodeURIComponent(patientId)}`, { run }));
