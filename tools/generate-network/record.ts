// One patient record as one practice holds it, and what both extract writers (FHIR, CSV) need to render it:
// the practice's providers resolved for each performer, its local lab codes, and its ids.
import { CodeBook, type Coding, type Concept, type ReferenceData } from './reference-data.ts';
import type { LocalLabCodes } from './ehr-profiles.ts';
import type { Demographics, History, Performer, Site, VisitKind } from './model.ts';
import type { NetworkPlan, Practice, Provider } from './network.ts';
import type { Person } from './person.ts';
import { Rng } from './random.ts';

export interface PatientRecord {
  person: Person;
  demographics: Demographics;
  history: History;
  site: Site;
  /** Sequence of the record in its practice (1-based): MRNs and numeric ids derive from it. */
  seq: number;
  pcp: Provider;
}

/** A performer as a practice sees it: one of its own providers, or just an NPI. */
export type ResolvedPerformer = { kind: 'provider'; provider: Provider } | { kind: 'npi'; npi: string };

export function resolvePerformer(plan: NetworkPlan, practice: Practice, record: PatientRecord, rng: Rng, performer: Performer): ResolvedPerformer {
  if (performer.kind === 'pcp') {
    const pcps = practice.providers.filter((p) => p.isPcp);
    // Most visits are with the patient's own PCP; a colleague covers the rest.
    return { kind: 'provider', provider: rng.chance(0.8) ? record.pcp : rng.pick(pcps) };
  }
  if (performer.kind === 'specialist') {
    const own = practice.providers.find((p) => p.specialty === performer.specialty);
    if (own) return { kind: 'provider', provider: own };
    return { kind: 'npi', npi: plan.outsideNpis[(100 + Number(performer.specialty)) % plan.outsideNpis.length]! };
  }
  return { kind: 'npi', npi: plan.outsideNpis[performer.serial % plan.outsideNpis.length]! };
}

export function performerNpi(p: ResolvedPerformer): string {
  return p.kind === 'provider' ? p.provider.npi : p.npi;
}

/** Lab tests a practice may send under its own codes (the code map covers all of them). */
const LAB_CATEGORIES = ['hba1c', 'glucose', 'creatinine', 'ldl', 'fobt', 'sdna_fit', 'pap_test', 'hpv_test', 'hiv_test', 'chlamydia_test', 'gonorrhea_test', 'syphilis_test'];

const MNEMONICS: Record<string, string> = {
  hba1c: 'HBA1C', glucose: 'GLU', creatinine: 'CREAT', ldl: 'LDLC', fobt: 'FIT', sdna_fit: 'SDNA', pap_test: 'PAP', hpv_test: 'HPV', hiv_test: 'HIV',
  chlamydia_test: 'CTNAA', gonorrhea_test: 'GCNAA', syphilis_test: 'SYPH',
};

export interface LocalLabCode {
  local: Coding;
  loinc: Coding;
}

/** The practice's in-house lab codes, keyed by the LOINC code they stand for. */
export function localLabCodes(ref: ReferenceData, labs: LocalLabCodes, seed: string): Map<string, LocalLabCode> {
  const rng = new Rng(seed, 'local-lab-codes', labs.system);
  const map = new Map<string, LocalLabCode>();
  for (const category of LAB_CATEGORIES) {
    for (const concept of ref.codes.concepts(category)) {
      const loinc = CodeBook.codingIn(concept, 'LOINC')!;
      const code = labs.style === 'mnemonic' ? `${MNEMONICS[category]}${rng.int(100, 999)}` : `L${rng.int(10000, 99999)}`;
      map.set(loinc.code, { local: { system: labs.system, code, display: loinc.display.split(' [')[0]!.toUpperCase() }, loinc });
    }
  }
  return map;
}

/** The codings a practice sends for a concept: local lab codes where it uses them, else the standard ones. */
export function codingsFor(concept: Concept, isLab: boolean, labs: LocalLabCodes | undefined, local: Map<string, LocalLabCode> | undefined): Coding[] {
  if (!isLab || !labs || !local) return concept.codings;
  const loinc = CodeBook.codingIn(concept, 'LOINC');
  const mapped = loinc ? local.get(loinc.code) : undefined;
  if (!mapped) return concept.codings;
  return labs.alsoLoinc.has(mapped.loinc.code) ? [mapped.local, mapped.loinc] : [mapped.local];
}

export const VISIT_TEXT: Record<VisitKind, string> = {
  office: 'Office Visit',
  preventive: 'Physical Exam',
  awv: 'Medicare Annual Wellness Visit',
  telehealth: 'Video Visit',
  telephone: 'Telephone Visit',
  ed: 'Emergency Department Visit',
  inpatient: 'Hospital Admission',
  hospice: 'Hospice Admission',
  palliative: 'Palliative Care Consult',
};
