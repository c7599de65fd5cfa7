// The CCLF files CMS would send the network as a Shared Savings Program ACO: every Original Medicare (FFS)
// beneficiary's demographics (CCLF8) and the year's claims paid under FFS, the same claims the practices'
// payer feeds show: professional claims as Part B lines (CCLF5), institutional claims as Part A headers,
// revenue lines and diagnoses (CCLF1, CCLF2, CCLF4). As in real feeds, some claims come as an original plus
// an adjustment, some as a claim plus its cancellation, and a few beneficiaries' early claims carry a
// previous MBI that the crosswalk (CCLF9) maps to the current one. The final-action claims equal the payer
// feed's. Written to <out>/cclf/ (manifest format 'cclf'), deterministic per seed.
import fs from 'node:fs';
import path from 'node:path';
import { civil, dayOf, isoDate, type Day } from './calendar.ts';
import { readCclfLayouts, type CclfLayout, type CclfValues } from './cclf-layout.ts';
import { mbi } from './identifiers.ts';
import type { ClaimEntry, History, Performer } from './model.ts';
import type { NetworkPlan, Practice } from './network.ts';
import { LineFile } from './output.ts';
import type { Person } from './person.ts';
import { Rng } from './random.ts';
import { performerNpi, resolvePerformer, type PatientRecord } from './record.ts';

export const CCLF_FOLDER = 'cclf';
const ACO_ID = 'A9999';
const KINDS = ['CCLF1', 'CCLF2', 'CCLF4', 'CCLF5', 'CCLF8', 'CCLF9'] as const;
type Kind = (typeof KINDS)[number];

/** Share of claims sent as an original and a corrected adjustment, and of extra claims sent then cancelled. */
const ADJUSTED = 0.03;
const CANCELLED = 0.01;
/** Share of beneficiaries whose claims before July carry their previous MBI. */
const PREVIOUS_MBI = 0.02;

/** CMS specialty of clinicians outside every member practice, by the generator's performer serials. */
function outsideSpecialty(serial: number): string {
  if (serial === 60) return '69'; // clinical laboratory
  if (serial === 61) return '11'; // hospitalist (internal medicine)
  if (serial >= 63 && serial <= 68) return '93'; // emergency medicine
  if (serial >= 70 && serial <= 89) return '20'; // orthopedic surgery / ASC procedures
  if (serial >= 90) return '65'; // physical therapy
  return '30'; // diagnostic radiology
}

const dx = (code: string) => code.replace('.', '');

export class CclfWriter {
  private readonly layouts: Map<string, CclfLayout>;
  private readonly files = new Map<Kind, LineFile>();
  private claimSerial = 0;

  constructor(
    out: string,
    private readonly plan: NetworkPlan,
  ) {
    this.layouts = readCclfLayouts(KINDS);
    const folder = path.join(out, CCLF_FOLDER);
    const yy = String(plan.year % 100).padStart(2, '0');
    const run = `D${String((plan.year + 1) % 100).padStart(2, '0')}0415`;
    fs.mkdirSync(folder, { recursive: true });
    const manifest = { practice_id: ACO_ID, name: 'Medicare Shared Savings Program ACO (CCLF)', format: 'cclf' };
    fs.writeFileSync(path.join(folder, 'source.json'), JSON.stringify(manifest, null, 2) + '\n');
    for (const kind of KINDS) this.files.set(kind, new LineFile(path.join(folder, `P.${ACO_ID}.ACO.ZC${kind.slice(4)}Y${yy}.${run}.T0000000`)));
  }

  private write(kind: Kind, values: CclfValues): void {
    this.files.get(kind)!.write(this.layouts.get(kind)!.record(values));
  }

  /** A person's CCLF rows, when they had Original Medicare in the year. */
  person(person: Person, history: History, home: Practice): void {
    const start = dayOf(this.plan.year, 1, 1);
    const end = dayOf(this.plan.year, 12, 31);
    const ffs = history.coverage.findIndex((c) => c.kind === 'medicare_ffs' && c.start <= end && (c.end === undefined || c.end >= start));
    const current = person.demographics.mbi;
    if (ffs < 0 || !current) return;
    const rng = new Rng(this.plan.seed, 'cclf', person.index);
    const span = history.coverage[ffs]!;
    const previous = rng.chance(PREVIOUS_MBI) ? mbi(this.plan.persons + person.index, this.plan.identifierOffset) : undefined;
    const midYear = dayOf(this.plan.year, 7, 1);
    this.beneficiary(person, history, span.start, rng);
    if (previous) {
      this.write('CCLF9', { HICN_MBI_XREF_IND: 'M', CRNT_NUM: current, PRVS_NUM: previous, PRVS_ID_EFCTV_DT: isoDate(span.start), PRVS_ID_OBSLT_DT: isoDate(midYear - 1) });
    }
    const secondIndex = this.plan.secondPractice[person.index]!;
    const records = new Map<Practice, PatientRecord>();
    const recordAt = (practice: Practice): PatientRecord => {
      let record = records.get(practice);
      if (!record) {
        // The patient's PCP there, drawn as the practice's extract draws it (generate.ts).
        const pcp = new Rng(this.plan.seed, 'pcp', practice.id, person.index).pick(practice.providers.filter((p) => p.isPcp));
        record = { person, demographics: person.demographics, history, site: 'home', seq: 0, pcp };
        records.set(practice, record);
      }
      return record;
    };
    for (const claim of history.claims) {
      if (history.coverage[claim.coverageRef]?.kind !== 'medicare_ffs' || claim.from < start) continue;
      const practice = claim.site === 'second' && secondIndex >= 0 ? this.plan.practices[secondIndex]! : home;
      const record = recordAt(practice);
      const mbiOnClaim = previous && claim.from < midYear ? previous : current;
      const adjusted = rng.chance(ADJUSTED);
      const cancelled = rng.chance(CANCELLED);
      const write = claim.type === 'professional' ? this.partB.bind(this) : this.partA.bind(this);
      const performer = this.performer(practice, record, rng, claim.performer);
      if (adjusted) {
        // Paid 10% too much first; the adjustment (same lineage, later effective date) corrects it.
        const original = write(claim, mbiOnClaim, performer, { factor: 1.1, type: '0' });
        write(claim, mbiOnClaim, performer, { factor: 1, type: '2', lineage: original, delay: 30 });
      } else write(claim, mbiOnClaim, performer, { factor: 1, type: '0' });
      if (cancelled) {
        // A duplicate sent in error and cancelled: nothing of it is final.
        const duplicate = write(claim, mbiOnClaim, performer, { factor: 1, type: '0' });
        write(claim, mbiOnClaim, performer, { factor: -1, type: '1', lineage: duplicate, delay: 45 });
      }
    }
  }

  private performer(practice: Practice, record: PatientRecord, rng: Rng, performer: Performer): { npi: string; tin: string; specialty: string } {
    const resolved = resolvePerformer(this.plan, practice, record, rng, performer);
    const npi = performerNpi(resolved);
    if (resolved.kind === 'provider') return { npi, tin: practice.tin, specialty: resolved.provider.specialty };
    const specialty = performer.kind === 'specialist' ? performer.specialty : performer.kind === 'outside' ? outsideSpecialty(performer.serial) : '01';
    return { npi, tin: `9${npi.slice(2, 10)}`, specialty };
  }

  private beneficiary(person: Person, history: History, ffsStart: Day, rng: Rng): void {
    const d = person.demographics;
    const end = dayOf(this.plan.year, 12, 31);
    const [by] = civil(d.birthDay);
    const age = this.plan.year - by;
    const esrd = history.flags.has('esrd');
    const aged = age >= 65;
    const dual = rng.chance(0.12) ? rng.pick(['02', '04', '08', '01', '03']) : 'NA';
    const race = { '2106-3': '1', '2054-5': '2', '2028-9': '4', '1002-5': '6' }[d.race?.code ?? ''] ?? '3';
    this.write('CCLF8', {
      BENE_MBI_ID: d.mbi,
      BENE_FIPS_STATE_CD: '39',
      BENE_FIPS_CNTY_CD: '049',
      BENE_ZIP_CD: d.address.zip,
      BENE_DOB: isoDate(d.birthDay),
      BENE_SEX_CD: d.sex === 'male' ? '1' : '2',
      BENE_RACE_CD: race,
      BENE_AGE: age,
      BENE_MDCR_STUS_CD: aged ? (esrd ? '11' : '10') : esrd ? '21' : '20',
      BENE_DUAL_STUS_CD: dual,
      BENE_DEATH_DT: history.deathDay === undefined ? undefined : isoDate(history.deathDay),
      BENE_RNG_BGN_DT: isoDate(Math.max(ffsStart, dayOf(this.plan.year, 1, 1))),
      BENE_RNG_END_DT: isoDate(Math.min(history.deathDay ?? end, end)),
      BENE_1ST_NAME: d.given.toUpperCase(),
      BENE_MIDL_NAME: d.middle.toUpperCase() || undefined,
      BENE_LAST_NAME: d.family.toUpperCase(),
      BENE_ORGNL_ENTLMT_RSN_CD: aged ? (rng.chance(0.08) ? '1' : '0') : esrd ? '3' : '1',
      BENE_ENTLMT_BUYIN_IND: dual === 'NA' ? '0' : 'C',
      BENE_PART_A_ENRLMT_BGN_DT: isoDate(ffsStart),
      BENE_PART_B_ENRLMT_BGN_DT: isoDate(ffsStart),
      BENE_LINE_1_ADR: d.address.line.toUpperCase(),
      GEO_ZIP_PLC_NAME: d.address.city.toUpperCase(),
      GEO_USPS_STATE_CD: d.address.state,
      GEO_ZIP5_CD: d.address.zip,
    });
  }

  private nextClaimId(): string {
    return String(++this.claimSerial).padStart(13, '0');
  }

  /** Part B lines; returns the claim control number (the lineage of an adjustment or cancellation). */
  private partB(claim: ClaimEntry, bene: string, performer: { npi: string; tin: string; specialty: string }, v: Version): string {
    const id = this.nextClaimId();
    const control = v.lineage ?? `B${id}`;
    const codes = claim.diagnoses.map((c) => dx(c.code));
    claim.lines.forEach((line, k) => {
      const diagnoses = Object.fromEntries(codes.slice(0, 12).map((c, i) => [`CLM_DGNS_${i + 1}_CD`, c]));
      this.write('CCLF5', {
        CUR_CLM_UNIQ_ID: id,
        CLM_LINE_NUM: k + 1,
        BENE_MBI_ID: bene,
        CLM_TYPE_CD: '71',
        CLM_FROM_DT: isoDate(claim.from),
        CLM_THRU_DT: isoDate(claim.to),
        RNDRG_PRVDR_TYPE_CD: '1',
        RNDRG_PRVDR_FIPS_ST_CD: '39',
        CLM_PRVDR_SPCLTY_CD: performer.specialty,
        CLM_FED_TYPE_SRVC_CD: '1',
        CLM_POS_CD: claim.placeOfService.code,
        CLM_LINE_FROM_DT: isoDate(claim.from),
        CLM_LINE_THRU_DT: isoDate(claim.to),
        CLM_LINE_HCPCS_CD: line.code?.code,
        CLM_LINE_CVRD_PD_AMT: round2(line.paid * v.factor),
        CLM_LINE_DGNS_CD: codes[0],
        CLM_RNDRG_PRVDR_TAX_NUM: performer.tin,
        RNDRG_PRVDR_NPI_NUM: performer.npi,
        CLM_CARR_PMT_DNL_CD: '1',
        CLM_PRCSG_IND_CD: 'A',
        CLM_ADJSMT_TYPE_CD: v.type,
        CLM_EFCTV_DT: isoDate(claim.to + 14 + (v.delay ?? 0)),
        CLM_IDR_LD_DT: isoDate(claim.to + 20 + (v.delay ?? 0)),
        CLM_CNTL_NUM: control,
        CLM_LINE_ALOWD_CHRG_AMT: round2(line.allowed * v.factor),
        CLM_LINE_SRVC_UNIT_QTY: line.units,
        CLM_DISP_CD: '01',
        ...diagnoses,
        DGNS_PRCDR_ICD_IND: '0',
        CLM_RNDRG_PRVDR_NPI_NUM: performer.npi,
      });
    });
    return control;
  }

  /** A Part A header, its revenue lines and diagnoses; returns the claim control number. */
  private partA(claim: ClaimEntry, bene: string, performer: { npi: string; tin: string; specialty: string }, v: Version): string {
    const id = this.nextClaimId();
    const control = `A${id}`;
    const pos = claim.placeOfService.code;
    // Claim type and bill type (facility type + classification) by setting.
    const [type, facility, classification] = pos === '21' ? ['60', '1', '1'] : pos === '31' ? ['20', '2', '1'] : pos === '12' ? ['10', '3', '2'] : ['40', '1', '3'];
    const paid = round2(claim.lines.reduce((sum, l) => sum + l.paid, 0) * v.factor);
    const inpatient = type === '60';
    const ccn = `36${String(1 + (Number(performer.npi.slice(-3)) % 90)).padStart(4, '0')}`;
    const codes = claim.diagnoses.map((c) => dx(c.code));
    this.write('CCLF1', {
      CUR_CLM_UNIQ_ID: id,
      PRVDR_OSCAR_NUM: ccn,
      BENE_MBI_ID: bene,
      CLM_TYPE_CD: type,
      CLM_FROM_DT: isoDate(claim.from),
      CLM_THRU_DT: isoDate(claim.to),
      CLM_BILL_FAC_TYPE_CD: facility,
      CLM_BILL_CLSFCTN_CD: classification,
      PRNCPL_DGNS_CD: codes[0],
      ADMTG_DGNS_CD: inpatient ? codes[0] : undefined,
      CLM_PMT_AMT: paid,
      BENE_PTNT_STUS_CD: inpatient ? '01' : undefined,
      FAC_PRVDR_NPI_NUM: performer.npi,
      ATNDG_PRVDR_NPI_NUM: performer.npi,
      CLM_ADJSMT_TYPE_CD: v.type,
      CLM_EFCTV_DT: isoDate(claim.to + 14 + (v.delay ?? 0)),
      CLM_IDR_LD_DT: isoDate(claim.to + 20 + (v.delay ?? 0)),
      CLM_BILL_FREQ_CD: '1',
      DGNS_PRCDR_ICD_IND: '0',
      // Inpatient PPS payments include operating IME and DSH add-ons (excluded from MSSP expenditures).
      CLM_OPRTNL_IME_AMT: inpatient ? round2(paid * 0.04) : undefined,
      CLM_OPRTNL_DSPRPRTNT_AMT: inpatient ? round2(paid * 0.03) : undefined,
      CLM_BLG_PRVDR_NPI_NUM: performer.npi,
      CLM_CNTL_NUM: control,
      CLM_ORG_CNTL_NUM: v.lineage,
    });
    claim.lines.forEach((line, k) => {
      this.write('CCLF2', {
        CUR_CLM_UNIQ_ID: id,
        CLM_LINE_NUM: k + 1,
        BENE_MBI_ID: bene,
        CLM_TYPE_CD: type,
        CLM_LINE_FROM_DT: isoDate(claim.from),
        CLM_LINE_THRU_DT: isoDate(claim.to),
        CLM_LINE_PROD_REV_CTR_CD: line.revenue?.code,
        CLM_LINE_HCPCS_CD: line.code?.code,
        PRVDR_OSCAR_NUM: ccn,
        CLM_FROM_DT: isoDate(claim.from),
        CLM_THRU_DT: isoDate(claim.to),
        CLM_LINE_SRVC_UNIT_QTY: line.units,
        CLM_LINE_CVRD_PD_AMT: round2(line.paid * v.factor),
      });
    });
    codes.forEach((code, k) => {
      this.write('CCLF4', {
        CUR_CLM_UNIQ_ID: id,
        BENE_MBI_ID: bene,
        CLM_TYPE_CD: type,
        CLM_PROD_TYPE_CD: k === 0 ? 'P' : 'D',
        CLM_VAL_SQNC_NUM: k + 1,
        CLM_DGNS_CD: code,
        PRVDR_OSCAR_NUM: ccn,
        CLM_FROM_DT: isoDate(claim.from),
        CLM_THRU_DT: isoDate(claim.to),
        CLM_POA_IND: 'Y',
        DGNS_PRCDR_ICD_IND: '0',
      });
    });
    return v.lineage ?? control;
  }

  /** Resolves when every file can take more (backpressure). */
  async settle(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.drained()));
  }

  async close(): Promise<{ files: number; bytes: number; lines: number }> {
    const all = [...this.files.values()];
    await Promise.all(all.map((f) => f.close()));
    return { files: all.length, bytes: all.reduce((s, f) => s + f.bytes, 0), lines: all.reduce((s, f) => s + f.lines, 0) };
  }
}

/** One version of a claim: paid amounts scaled by `factor`, adjustment type, the lineage it belongs to. */
interface Version {
  factor: number;
  type: '0' | '1' | '2';
  lineage?: string;
  delay?: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
