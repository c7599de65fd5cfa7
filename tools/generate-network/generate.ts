// Writes the synthetic IPA: one folder per practice (<out>/<practice_id>/source.json + extract files), practice
// after practice, each patient streamed out as soon as it is drawn. A person seen at two practices is drawn
// again (same seed, same story) when the second practice is written. Same seed and options: same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { CclfWriter } from './cclf-writer.ts';
import { drawClaims } from './claims.ts';
import { drawClinical } from './clinical.ts';
import { CsvWriter, csvFileName } from './csv-writer.ts';
import { planDefects, type InjectedDefect } from './defects.ts';
import { FhirWriter } from './fhir-writer.ts';
import type { History } from './model.ts';
import { homePracticeOf, Relation, planNetwork, type NetworkPlan, type Practice } from './network.ts';
import { LineFile, PracticeOutput } from './output.ts';
import { csvLine } from './csv-line.ts';
import { makePerson } from './person.ts';
import { Progress } from './progress.ts';
import { Rng } from './random.ts';
import { loadReferenceData, type ReferenceData } from './reference-data.ts';
import type { PatientRecord } from './record.ts';
import { secondRecord, type VariantKind } from './variants.ts';

export const DEFAULT_SEED = 'caliper-2026';
export const REPORT_FILE = 'generation-report.json';
/** Which records are the same person (for measuring patient linking): practice_id, patient id, person, site, variants. */
export const TRUTH_FILE = 'linkage-truth.csv';

export interface GenerateOptions {
  out: string;
  persons: number;
  seed: string;
  year: number;
  practices?: number;
  progress?: boolean;
}

export interface PracticeReport {
  practice_id: string;
  name: string;
  ehr: string;
  format: string;
  flavor: string;
  patients: number;
  second_practice_patients: number;
  providers: number;
  files: number;
  bytes: number;
  lines: number;
}

export interface GenerationReport {
  seed: string;
  year: number;
  persons: number;
  records: number;
  persons_at_two_practices: number;
  twins: number;
  households: number;
  variants: Partial<Record<VariantKind, number>>;
  /** Persons with each condition or event flag (ground truth for tests). */
  flags: Record<string, number>;
  practices: PracticeReport[];
  defects: InjectedDefect[];
  bytes: number;
  lines: number;
}

/** Removes what an earlier run wrote here (practice folders and the report), nothing else. */
function clearPreviousRun(out: string): void {
  if (!fs.existsSync(out)) return;
  for (const entry of fs.readdirSync(out, { withFileTypes: true })) {
    const full = path.join(out, entry.name);
    if (entry.isDirectory() && fs.existsSync(path.join(full, 'source.json'))) fs.rmSync(full, { recursive: true });
    else if (entry.name === REPORT_FILE || entry.name === TRUTH_FILE) fs.rmSync(full);
  }
}

interface Drawn {
  person: ReturnType<typeof makePerson>;
  history: History;
}

function draw(plan: NetworkPlan, ref: ReferenceData, index: number): Drawn {
  const home = homePracticeOf(plan, index);
  const person = makePerson(plan, ref, home, index);
  const ctx = { rng: new Rng(plan.seed, 'history', index), ref, person, year: plan.year, hasSecond: plan.secondPractice[index]! >= 0 };
  const history = drawClinical(ctx);
  drawClaims(ctx, history);
  return { person, history };
}

export async function generateNetwork(options: GenerateOptions): Promise<GenerationReport> {
  const ref = loadReferenceData();
  const plan = planNetwork(ref, { seed: options.seed, year: options.year, persons: options.persons, practices: options.practices });
  clearPreviousRun(options.out);
  fs.mkdirSync(options.out, { recursive: true });
  const progress = options.progress ? new Progress(options.persons + plan.visitors.reduce((n, v) => n + v.length, 0)) : undefined;
  const report: GenerationReport = {
    seed: options.seed,
    year: options.year,
    persons: options.persons,
    records: 0,
    persons_at_two_practices: 0,
    twins: 0,
    households: 0,
    variants: {},
    flags: {},
    practices: [],
    defects: [],
    bytes: 0,
    lines: 0,
  };
  for (let p = 0; p < plan.persons; p++) {
    if (plan.secondPractice[p]! >= 0) report.persons_at_two_practices++;
    if (plan.relation[p] === Relation.Twin) report.twins++;
    if (plan.relation[p] === Relation.Household) report.households++;
  }
  const truth = new LineFile(path.join(options.out, TRUTH_FILE));
  truth.write('practice_id,patient_id,person,site,variants\n');
  // CMS's claim feed for the network as an ACO: each person's Original Medicare claims, written once (home site).
  const cclf = new CclfWriter(options.out, plan);
  const ordinals = { fhir: 0, csv: 0 };
  for (const practice of plan.practices) {
    const family = practice.profile.flavor === 'csv' ? 'csv' : 'fhir';
    const folder = path.join(options.out, practice.id);
    const defects = planDefects(new Rng(plan.seed, 'defects', practice.id), practice.profile.flavor, ordinals[family]++, (table) => csvFileName(practice.profile.csv!, table));
    const out = new PracticeOutput(folder, practice.id, defects);
    const writer = family === 'csv' ? new CsvWriter(plan, ref, practice, out) : new FhirWriter(plan, ref, practice, out);
    writer.begin();
    let seq = 0;
    const write = async (index: number, site: 'home' | 'second') => {
      const { person, history } = draw(plan, ref, index);
      let demographics = person.demographics;
      let variants: VariantKind[] = [];
      if (site === 'second') {
        const variant = secondRecord(new Rng(plan.seed, 'variant', index), ref, person);
        demographics = variant.demographics;
        variants = variant.variants;
        for (const kind of variant.variants) report.variants[kind] = (report.variants[kind] ?? 0) + 1;
        // The second EHR has the MBI only when the front desk scanned the Medicare card there too.
        if (demographics.mbi && new Rng(plan.seed, 'second-mbi', index).chance(0.4)) demographics = { ...demographics, mbi: undefined };
      } else {
        for (const flag of history.flags) report.flags[flag] = (report.flags[flag] ?? 0) + 1;
        cclf.person(person, history, practice);
      }
      const pcps = practice.providers.filter((pr) => pr.isPcp);
      const record: PatientRecord = { person, demographics, history, site, seq: ++seq, pcp: new Rng(plan.seed, 'pcp', practice.id, index).pick(pcps) };
      const patientId = writer.patient(record);
      truth.write(csvLine([practice.id, patientId, `person-${index}`, site, variants.join(';')]));
      report.records++;
      progress?.update(report.records);
      if (seq % 64 === 0) await Promise.all([out.settle(), cclf.settle()]);
    };
    for (let index = practice.firstPerson; index < practice.firstPerson + practice.size; index++) await write(index, 'home');
    for (const index of plan.visitors[practice.index]!) await write(index, 'second');
    await truth.drained();
    const written = await out.close();
    report.defects.push(...out.injected);
    report.practices.push(practiceReport(practice, plan, written));
    report.bytes += written.bytes;
    report.lines += written.lines;
  }
  await truth.close();
  await cclf.close();
  progress?.done();
  fs.writeFileSync(path.join(options.out, REPORT_FILE), JSON.stringify(report, null, 2) + '\n');
  return report;
}

function practiceReport(practice: Practice, plan: NetworkPlan, written: { files: number; bytes: number; lines: number }): PracticeReport {
  return {
    practice_id: practice.id,
    name: practice.name,
    ehr: practice.profile.ehr,
    format: practice.profile.flavor === 'csv' ? 'csv' : 'fhir',
    flavor: practice.profile.flavor,
    patients: practice.size,
    second_practice_patients: plan.visitors[practice.index]!.length,
    providers: practice.providers.length,
    ...written,
  };
}
