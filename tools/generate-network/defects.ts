// A small, deliberate share of bad input (well under 0.1% of lines) so the rejects view has real work:
// each practice gets one or two defects at a seeded line of a seeded file. The README lists the kinds; the
// run report (generation-report.json) lists every one written, with file and line.
import type { CsvValue } from './csv-line.ts';
import { csvLine } from './csv-line.ts';
import type { Flavor } from './ehr-profiles.ts';
import type { Rng } from './random.ts';

export type DefectKind =
  | 'MalformedJson'
  | 'MissingSubject'
  | 'InvalidDate'
  | 'MissingId'
  | 'UnknownPatient'
  | 'CodingWithoutSystem'
  | 'WrongColumnCount'
  | 'MissingRequired';

export interface Defect {
  kind: DefectKind;
  file: string;
  line: number;
}

export interface InjectedDefect {
  practice_id: string;
  file: string;
  line: number;
  kind: DefectKind;
}

const FHIR_DEFECTS: readonly [DefectKind, string][] = [
  ['MalformedJson', 'Observation.ndjson'],
  ['MissingSubject', 'Observation.ndjson'],
  ['InvalidDate', 'Encounter.ndjson'],
  ['MissingId', 'Condition.ndjson'],
  ['UnknownPatient', 'Procedure.ndjson'],
  ['CodingWithoutSystem', 'Condition.ndjson'],
];

/** CSV defects by table; the file name comes from the practice's layout. */
const CSV_DEFECTS: readonly [DefectKind, string][] = [
  ['WrongColumnCount', 'results'],
  ['InvalidDate', 'encounters'],
  ['MissingRequired', 'diagnoses'],
];

/** The defects of the n-th practice of a flavor family; `fileOf` names a CSV table's file. */
export function planDefects(rng: Rng, flavor: Flavor, ordinal: number, fileOf: (table: string) => string): Defect[] {
  const list = flavor === 'csv' ? CSV_DEFECTS : FHIR_DEFECTS;
  const count = ordinal < list.length ? 2 : 1;
  return Array.from({ length: count }, (_, i) => {
    const [kind, target] = list[(ordinal * 2 + i) % list.length]!;
    // CSV line 1 is the header.
    return { kind, file: flavor === 'csv' ? fileOf(target) : target, line: rng.int(3, 60) };
  });
}

export function applyFhirDefect(kind: DefectKind, resource: Record<string, unknown>): string {
  const r = structuredClone(resource);
  switch (kind) {
    case 'MalformedJson': {
      const text = JSON.stringify(r);
      return text.slice(0, Math.floor(text.length / 2));
    }
    case 'MissingSubject':
      delete r.subject;
      delete r.patient;
      break;
    case 'InvalidDate': {
      const period = r.period as { start?: string } | undefined;
      if (period?.start) period.start = period.start.replace(/^(\d{4})-\d{2}-\d{2}/, '$1-02-30');
      break;
    }
    case 'MissingId':
      delete r.id;
      break;
    case 'UnknownPatient':
      r.subject = { reference: 'Patient/not-in-this-extract' };
      break;
    case 'CodingWithoutSystem':
      for (const coding of (r.code as { coding?: { system?: string }[] } | undefined)?.coding ?? []) delete coding.system;
      break;
    default:
      throw new Error(`${kind} is not a FHIR defect`);
  }
  return JSON.stringify(r);
}

export function applyCsvDefect(kind: DefectKind, columns: readonly string[], values: CsvValue[]): string {
  const v = [...values];
  switch (kind) {
    case 'WrongColumnCount':
      // An unquoted comma inside a free-text field: one field too many.
      return csvLine(v).replace(/\n$/, ',see note\n');
    case 'InvalidDate': {
      const i = Math.max(0, columns.findIndex((c) => c === 'start' || c === 'date' || c === 'onset_date'));
      v[i] = '13/45/2026';
      break;
    }
    case 'MissingRequired':
      v[columns.indexOf('patient_id')] = '';
      break;
    default:
      throw new Error(`${kind} is not a CSV defect`);
  }
  return csvLine(v);
}
