// Hand-made core rows for measure SQL tests: one small INSERT per clinical fact, keyed under practice
// 't' ('t/<patient>'), with codes written as 'SYSTEM|code' (canonical system names).
import path from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { loadValueSets } from '../../server/terminology/value-sets.ts';
import { memoryDb } from '../helpers/memory-db.ts';

export const ECQM_FIXTURES = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'ecqm');

/** An in-memory database with the schema and the value sets of the given fixture measures (e.g. 'CMS122'). */
export async function measureDb(...measures: string[]): Promise<Database> {
  const db = await memoryDb(1);
  await loadValueSets(db, measures.map((m) => path.join(ECQM_FIXTURES, m, 'valuesets')));
  return db;
}

const CODINGS = `'[{"system": "VARCHAR", "code": "VARCHAR", "display": "VARCHAR"}]'`;

/** 'SNOMEDCT|183919006' -> a JSON codings list for from_json(). */
function codings(...codes: string[]): string {
  return JSON.stringify(
    codes.map((c) => {
      const [system, code] = c.split('|');
      return { system, code, display: null };
    }),
  );
}

let seq = 0;
const nextId = (kind: string) => `${kind}${++seq}`;

/** sexCode: the US Core sex extension (SNOMED CT), when the source sent one. */
export function patient(
  db: Database,
  id: string,
  birthDate: string,
  sex = 'female',
  deceasedAt: string | null = null,
  sexCode: string | null = null,
): Promise<unknown> {
  return db.query(
    `INSERT INTO patient_record (patient_record_id, practice_id, source_file_id, source_id, birth_date, sex, sex_code, deceased_at)
     VALUES ('t/' || $id, 't', 0, $id, $birth::DATE, $sex, $sex_code, $deceased::TIMESTAMP)`,
    { id, birth: birthDate, sex, sex_code: sexCode, deceased: deceasedAt },
  );
}

export interface EncounterRow {
  code: string;
  start: string;
  end?: string;
  status?: string;
  classCode?: string;
  discharge?: string;
  id?: string;
}

export function encounter(db: Database, patientId: string, e: EncounterRow): Promise<unknown> {
  const id = e.id ?? nextId('enc');
  return db.query(
    `INSERT INTO encounter (encounter_id, practice_id, source_file_id, source_id, patient_record_id, status, class_code,
                            type_codings, period_start, period_end, discharge_disposition)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $status, $class, from_json($codes, ${CODINGS}),
             $start::TIMESTAMP, $end::TIMESTAMP, from_json($discharge, ${CODINGS}))`,
    {
      id,
      patient: patientId,
      status: e.status ?? 'finished',
      class: e.classCode ?? 'AMB',
      codes: codings(e.code),
      start: e.start,
      end: e.end ?? e.start,
      discharge: e.discharge ? codings(e.discharge) : '[]',
    },
  );
}

export interface ConditionRow {
  code: string;
  onset?: string;
  abatement?: string;
  clinicalStatus?: string | null;
  verificationStatus?: string | null;
  /** Condition.category code, e.g. 'problem-list-item', 'health-concern'. */
  category?: string;
  /** Condition.bodySite, e.g. 'SNOMEDCT|7771000' (left). */
  bodySite?: string;
}

export function condition(db: Database, patientId: string, c: ConditionRow): Promise<unknown> {
  const id = nextId('cond');
  return db.query(
    `INSERT INTO condition (condition_id, practice_id, source_file_id, source_id, patient_record_id, clinical_status,
                            verification_status, category_codes, codings, body_site_codings, onset_start, abatement_start)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $clinical, $verification, from_json($category, '["VARCHAR"]'),
             from_json($codes, ${CODINGS}), from_json($body_site, ${CODINGS}), $onset::TIMESTAMP, $abatement::TIMESTAMP)`,
    {
      id,
      patient: patientId,
      clinical: c.clinicalStatus === undefined ? 'active' : c.clinicalStatus,
      verification: c.verificationStatus ?? null,
      category: JSON.stringify(c.category ? [c.category] : null),
      codes: codings(c.code),
      body_site: c.bodySite ? codings(c.bodySite) : 'null',
      onset: c.onset ?? null,
      abatement: c.abatement ?? null,
    },
  );
}

export interface ObservationRow {
  code: string;
  at: string;
  /** effectivePeriod end, when the observation has a period. */
  end?: string;
  status?: string;
  value?: number;
  unit?: string;
  valueCode?: string;
  valueBoolean?: boolean;
  valueText?: string;
  /**
   * CQL `value is not null` (observation.has_value, set at ingest). Default: one of the value fields above
   * is given; true alone stands for a value[x] the core row keeps no field for (a text-only
   * CodeableConcept, a Range, a Period, ...).
   */
  hasValue?: boolean;
  category?: string;
  issued?: string;
  /** qicore-notDoneReason; with status 'cancelled' the observation is not done (ObservationCancelled). */
  notDoneReason?: string;
  systolic?: number;
  diastolic?: number;
  encounterId?: string;
}

export function observation(db: Database, patientId: string, o: ObservationRow): Promise<unknown> {
  const id = nextId('obs');
  return db.query(
    `INSERT INTO observation (observation_id, practice_id, source_file_id, source_id, patient_record_id, encounter_id,
                              status, category_codes, codings, effective_start, effective_end, issued, value_num,
                              value_unit, value_codings, value_boolean, value_string, has_value, systolic, diastolic,
                              not_done, not_done_reason_codings)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, 't/' || $encounter, $status, from_json($category, '["VARCHAR"]'),
             from_json($codes, ${CODINGS}), $at::TIMESTAMP, $end::TIMESTAMP, $issued::TIMESTAMP, $value, $unit,
             from_json($value_codes, ${CODINGS}), $value_boolean, $value_text, $has_value, $systolic, $diastolic, $status = 'cancelled',
             from_json($reason_codes, ${CODINGS}))`,
    {
      id,
      patient: patientId,
      encounter: o.encounterId ?? null,
      status: o.status ?? 'final',
      category: JSON.stringify(o.category ? [o.category] : null),
      codes: codings(o.code),
      at: o.at,
      end: o.end ?? o.at,
      issued: o.issued ?? null,
      value_boolean: o.valueBoolean ?? null,
      value_text: o.valueText ?? null,
      has_value: o.hasValue ?? (o.value !== undefined || Boolean(o.valueCode) || o.valueBoolean !== undefined || o.valueText !== undefined),
      reason_codes: o.notDoneReason ? codings(o.notDoneReason) : 'null',
      value: o.value ?? null,
      unit: o.unit ?? null,
      value_codes: o.valueCode ? codings(o.valueCode) : 'null',
      systolic: o.systolic ?? null,
      diastolic: o.diastolic ?? null,
    },
  );
}

export function procedure(
  db: Database,
  patientId: string,
  p: { code: string; at: string; end?: string; status?: string; reason?: string },
): Promise<unknown> {
  const id = nextId('proc');
  return db.query(
    `INSERT INTO procedure (procedure_id, practice_id, source_file_id, source_id, patient_record_id, status, codings,
                            performed_start, performed_end, reason_codings)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $status, from_json($codes, ${CODINGS}), $at::TIMESTAMP, $end::TIMESTAMP,
             from_json($reason_codes, ${CODINGS}))`,
    {
      id,
      patient: patientId,
      status: p.status ?? 'completed',
      codes: codings(p.code),
      at: p.at,
      end: p.end ?? p.at,
      reason_codes: p.reason ? codings(p.reason) : 'null',
    },
  );
}

export function deviceRequest(
  db: Database,
  patientId: string,
  d: { code: string; authoredOn: string; status?: string; intent?: string },
): Promise<unknown> {
  const id = nextId('dev');
  return db.query(
    `INSERT INTO device_request (device_request_id, practice_id, source_file_id, source_id, patient_record_id, status, intent,
                                 codings, authored_on)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $status, $intent, from_json($codes, ${CODINGS}), $at::TIMESTAMP)`,
    { id, patient: patientId, status: d.status ?? 'completed', intent: d.intent ?? 'order', codes: codings(d.code), at: d.authoredOn },
  );
}

/** A medication or service request: an order unless stated; doNotPerform makes it a QI-Core *NotRequested. */
export interface RequestRow {
  code: string;
  authoredOn: string;
  status?: string;
  intent?: string;
  doNotPerform?: boolean;
  /** reasonCode */
  reason?: string;
  /** Medication: qicore-notDoneReason; service: qicore-doNotPerformReason / reasonRefused. */
  notDoneReason?: string;
}

function requestParams(id: string, patientId: string, r: RequestRow) {
  return {
    id,
    patient: patientId,
    status: r.status ?? 'active',
    intent: r.intent ?? 'order',
    dnp: r.doNotPerform ?? false,
    codes: codings(r.code),
    at: r.authoredOn,
    reason_codes: r.reason ? codings(r.reason) : 'null',
    not_done_codes: r.notDoneReason ? codings(r.notDoneReason) : 'null',
  };
}

export interface MedicationRequestRow extends RequestRow {
  /** dispenseRequest.expectedSupplyDuration in days. */
  supplyDays?: number;
  /** dispenseRequest.numberOfRepeatsAllowed. */
  refills?: number;
  /** The CMD medicationRequestPeriod() as ingest stores it (e.g. from dosage boundsPeriod), dates 'YYYY-MM-DD'. */
  period?: { start: string; end: string };
}

/**
 * The period columns are `period` when given, else what ingest computes for a request with only authoredOn,
 * expectedSupplyDuration and numberOfRepeatsAllowed: [authored date, + supplyDays x (1 + refills) - 1 days];
 * NULL without supplyDays.
 */
export function medicationRequest(db: Database, patientId: string, m: MedicationRequestRow): Promise<unknown> {
  return db.query(
    `INSERT INTO medication_request (medication_request_id, practice_id, source_file_id, source_id, patient_record_id, status,
                                     intent, do_not_perform, medication_codings, authored_on, supply_days, reason_codings,
                                     not_done_reason_codings, period_start, period_end)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $status, $intent, $dnp, from_json($codes, ${CODINGS}), $at::TIMESTAMP,
             $days, from_json($reason_codes, ${CODINGS}), from_json($not_done_codes, ${CODINGS}),
             coalesce($period_start::DATE, CASE WHEN $days IS NOT NULL THEN $at::TIMESTAMP::DATE END),
             coalesce($period_end::DATE,
                      CASE WHEN $days IS NOT NULL THEN $at::TIMESTAMP::DATE + CAST(trunc($days * (1 + $refills) - 1) AS INTEGER) END))`,
    {
      ...requestParams(nextId('med'), patientId, m),
      days: m.supplyDays ?? null,
      refills: m.refills ?? 0,
      period_start: m.period?.start ?? null,
      period_end: m.period?.end ?? null,
    },
  );
}

export function serviceRequest(db: Database, patientId: string, r: RequestRow): Promise<unknown> {
  return db.query(
    `INSERT INTO service_request (service_request_id, practice_id, source_file_id, source_id, patient_record_id, status,
                                  intent, do_not_perform, codings, authored_on, reason_codings, not_done_reason_codings)
     VALUES ('t/' || $id, 't', 0, $id, 't/' || $patient, $status, $intent, $dnp, from_json($codes, ${CODINGS}), $at::TIMESTAMP,
             from_json($reason_codes, ${CODINGS}), from_json($not_done_codes, ${CODINGS}))`,
    requestParams(nextId('svc'), patientId, r),
  );
}

/** The stored result rows of a run for one measure, by patient source id. */
export async function resultsByPatient(db: Database, runId: number, measureId: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await resultRows(db, runId, measureId);
  return new Map(rows.map((r) => [String(r.patient), r]));
}

/** The run's rows of a measure with several population groups, keyed '<patient> <group id>'. */
export async function resultsByPatientGroup(db: Database, runId: number, measureId: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await resultRows(db, runId, measureId);
  return new Map(rows.map((r) => [`${String(r.patient)} ${String(r.group_id)}`, r]));
}

function resultRows(db: Database, runId: number, measureId: string) {
  return db.query(
    `SELECT split_part(patient_id, '/', 2) AS patient, * FROM measure_result WHERE run_id = $run AND measure_id = $measure`,
    { run: runId, measure: measureId },
  );
}

/** The keys of the result rows in the performance denominator whose numerator_changes (NULL: none) are not
 *  odd in number exactly when the row is in the numerator (sql/schema/07_results.sql): none, when the month-end
 *  trend ends on the period's numerator. */
export function numeratorChangeMismatches(results: Map<string, Record<string, unknown>>): string[] {
  return [...results]
    .filter(([, r]) => r.denominator && !r.denominator_exclusion && !r.denominator_exception)
    .filter(([, r]) => (((r.numerator_changes as string[] | null) ?? []).length % 2 === 1) !== r.numerator)
    .map(([key]) => key);
}

/** One stored result row (or none) as the phrase the per-population tables expect, checked in eCQM scoring
 *  order: initial population, denominator, exclusion, exception, numerator. */
export function outcomeOf(r: Record<string, unknown> | undefined): string {
  if (!r) return 'not in initial population';
  if (!r.denominator) return 'not in denominator';
  if (r.denominator_exclusion) return `excluded: ${String(r.exclusion_reason)}`;
  if (r.denominator_exception) return `exception: ${String(r.exclusion_reason)}`;
  return r.numerator ? `numerator: ${String(r.gap_reason)}` : `not numerator: ${String(r.gap_reason)}`;
}
