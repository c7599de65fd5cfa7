// What the generator knows about one person before it is written out in any EHR's format.
// A person is seen at a home practice and, for some, at a second one: every event says where it happened
// (`site`), and each practice's extract holds only its own events (plus the payer claims it receives).
import type { Day } from './calendar.ts';
import type { Coding, Concept } from './reference-data.ts';

export type Site = 'home' | 'second';
export type Sex = 'male' | 'female';

export interface Address {
  line: string;
  city: string;
  state: string;
  zip: string;
}

/** Demographics as one practice recorded them (the second practice's copy may differ: typo, nickname, move). */
export interface Demographics {
  given: string;
  middle: string;
  family: string;
  sex: Sex;
  birthDay: Day;
  race: Coding | undefined;
  ethnicity: Coding | undefined;
  address: Address;
  phone: string;
  mbi: string | undefined;
}

export type PayerKind = 'medicare_ffs' | 'medicare_advantage' | 'medicaid' | 'commercial' | 'self_pay';

export interface CoverageSpan {
  kind: PayerKind;
  payerName: string;
  payerId: string;
  product: string;
  sop: Coding;
  subscriberId: string;
  start: Day;
  end: Day | undefined;
}

/** Who performed something: a PCP of the practice, one of its specialists, or someone outside every practice. */
export type Performer = { kind: 'pcp' } | { kind: 'specialist'; specialty: string } | { kind: 'outside'; serial: number };

export type VisitKind = 'office' | 'preventive' | 'awv' | 'telehealth' | 'telephone' | 'ed' | 'inpatient' | 'hospice' | 'palliative';

export interface Visit {
  kind: VisitKind;
  site: Site;
  day: Day;
  minute: number;
  durationMinutes: number;
  endDay: Day;
  code: Concept;
  classCode: 'AMB' | 'VR' | 'EMER' | 'IMP' | 'HH';
  performer: Performer;
  /** ICD-10-CM codes billed for the visit, principal first. */
  diagnoses: Coding[];
  /** Index into History.conditions of the conditions addressed (Encounter.diagnosis). */
  conditionRefs: number[];
}

export interface ProblemEntry {
  concept: Concept;
  site: Site;
  onset: Day;
  abatement: Day | undefined;
  category: 'problem-list-item' | 'encounter-diagnosis';
  visitRef: number | undefined;
}

export type ObservationValue =
  | { kind: 'quantity'; value: number; unit: string }
  | { kind: 'coded'; coding: Coding }
  | { kind: 'bp'; systolic: number; diastolic: number }
  | { kind: 'none' };

export type ObservationCategory = 'laboratory' | 'vital-signs' | 'survey' | 'imaging' | 'social-history' | 'exam';

export interface ObservationEntry {
  concept: Concept;
  /** The category a flat extract's single column carries. */
  category: ObservationCategory;
  /** A further category FHIR sends too (US Core Smoking Status is social-history; CMS138 reads survey). */
  alsoCategory?: ObservationCategory;
  site: Site;
  day: Day;
  minute: number;
  value: ObservationValue;
  visitRef: number | undefined;
  /** Drawn by a lab or imaging centre: written with the practice's local lab code where it uses one. */
  isLab: boolean;
}

export interface ProcedureEntry {
  concept: Concept;
  site: Site;
  day: Day;
  performer: Performer;
  visitRef: number | undefined;
  status: 'completed' | 'not-done';
  /** Procedure.reasonCode (FHIR only: flat extracts have no reason column). */
  reason?: Coding;
}

export interface MedicationEntry {
  concept: Concept;
  site: Site;
  authored: Day;
  status: 'active' | 'completed' | 'stopped';
  supplyDays: number;
  reason: Coding | undefined;
}

export interface ImmunizationEntry {
  concept: Concept;
  site: Site;
  day: Day;
}

export interface ServiceRequestEntry {
  concept: Concept;
  site: Site;
  day: Day;
  status: 'active' | 'completed' | 'revoked';
  category: 'imaging' | 'referral' | 'laboratory';
  reason: Coding | undefined;
}

export interface ClaimLine {
  code: Coding | undefined;
  revenue: Coding | undefined;
  units: number;
  allowed: number;
  paid: number;
}

export interface ClaimEntry {
  site: Site;
  type: 'professional' | 'institutional';
  from: Day;
  to: Day;
  placeOfService: Coding;
  performer: Performer;
  diagnoses: Coding[];
  lines: ClaimLine[];
  /** Index into History.coverage of the coverage the claim was paid under. */
  coverageRef: number;
}

export interface History {
  deathDay: Day | undefined;
  coverage: CoverageSpan[];
  visits: Visit[];
  conditions: ProblemEntry[];
  observations: ObservationEntry[];
  procedures: ProcedureEntry[];
  medications: MedicationEntry[];
  immunizations: ImmunizationEntry[];
  serviceRequests: ServiceRequestEntry[];
  claims: ClaimEntry[];
  /** Ground truth for tests and the run report. */
  flags: ReadonlySet<string>;
}
