// Insurance coverage spans: Medicare FFS or Medicare Advantage from 65 (or earlier for disability), Medicaid,
// commercial HMO/PPO and self-pay below 65, with the switches real panels show (turning 65 in the year,
// FFS to MA on January 1, a mid-year change of commercial plan). Payer names other than Medicare are fictional.
import { civil, dayOf, type Day } from './calendar.ts';
import type { Context } from './clinical.ts';
import type { CoverageSpan, PayerKind } from './model.ts';
import type { Rng } from './random.ts';

interface Plan {
  kind: PayerKind;
  payerName: string;
  payerId: string;
  product: string;
  /** Concept of the payer_type category (SOP code) in codes.csv. */
  sop: string;
}

const MEDICARE_FFS: Plan = { kind: 'medicare_ffs', payerName: 'Medicare Part A and B', payerId: 'CMS', product: 'Medicare FFS', sop: 'medicare_ffs' };
const MA_HMO: Plan = { kind: 'medicare_advantage', payerName: 'Keystone Senior Advantage', payerId: 'KSA01', product: 'Medicare Advantage HMO', sop: 'medicare_hmo' };
const MA_PPO: Plan = { kind: 'medicare_advantage', payerName: 'Lakeshore Medicare Choice', payerId: 'LMC02', product: 'Medicare Advantage PPO', sop: 'medicare_ppo' };
const DSNP: Plan = { kind: 'medicare_advantage', payerName: 'Keystone Dual Complete', payerId: 'KSA01', product: 'Medicare Advantage D-SNP', sop: 'dsnp' };
const MEDICAID: Plan = { kind: 'medicaid', payerName: 'Sunrise Community Health Plan', payerId: 'SCH03', product: 'Medicaid Managed Care', sop: 'medicaid_hmo' };
const COMMERCIAL_HMO: Plan = { kind: 'commercial', payerName: 'Maple Crest Health Plan', payerId: 'MCH04', product: 'Commercial HMO', sop: 'commercial_hmo' };
const COMMERCIAL_PPO: Plan = { kind: 'commercial', payerName: 'Ridgeline Health', payerId: 'RDG05', product: 'Commercial PPO', sop: 'commercial_ppo' };
const SELF_PAY: Plan = { kind: 'self_pay', payerName: 'Self-pay', payerId: 'SELF', product: 'Self-pay', sop: 'self_pay' };

function memberId(rng: Rng, plan: Plan, mbi: string | undefined): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  switch (plan.kind) {
    case 'medicare_ffs':
      return mbi!;
    case 'medicare_advantage':
      return `K${digits(9)}`;
    case 'medicaid':
      return digits(12);
    case 'commercial':
      return `${plan.payerId.slice(0, 3)}${digits(9)}`;
    default:
      return '';
  }
}

export function drawCoverage(ctx: Context, age: number, start: Day, end: Day): CoverageSpan[] {
  const { rng, person, ref } = ctx;
  const spans: CoverageSpan[] = [];
  const span = (plan: Plan, from: Day, to: Day | undefined) =>
    spans.push({
      kind: plan.kind,
      payerName: plan.payerName,
      payerId: plan.payerId,
      product: plan.product,
      sop: ref.codes.get('payer_type', plan.sop).codings[0]!,
      subscriberId: memberId(rng, plan, person.demographics.mbi),
      start: from,
      end: to,
    });
  const commercial = () => (rng.chance(0.35) ? COMMERCIAL_HMO : COMMERCIAL_PPO);
  if (person.medicare) {
    const [by, bm] = civil(person.demographics.birthDay);
    const at65 = age >= 65 ? dayOf(by + 65, bm, 1) : start - rng.int(1, 8) * 365;
    const dual = rng.chance(0.12);
    const advantage = rng.chance(0.48);
    const plan = advantage ? (dual ? DSNP : rng.chance(0.6) ? MA_HMO : MA_PPO) : MEDICARE_FFS;
    if (at65 > start) {
      // Turned 65 this year: employer coverage until Medicare starts.
      span(commercial(), start - rng.int(1, 10) * 365, at65 - 1);
      span(plan, at65, undefined);
    } else if (advantage && rng.chance(0.1)) {
      // Moved from Original Medicare to an MA plan at open enrollment.
      span(MEDICARE_FFS, at65, start - 1);
      span(plan, start, undefined);
    } else span(plan, at65, undefined);
    return spans;
  }
  const r = rng.next();
  const since = start - rng.int(30, 8 * 365);
  if (r < (age < 35 ? 0.24 : 0.15)) span(MEDICAID, since, undefined);
  else if (r < 0.94) {
    const first = commercial();
    if (rng.chance(0.06)) {
      const change = rng.int(start + 30, end - 30);
      span(first, since, change - 1);
      span(first === COMMERCIAL_HMO ? COMMERCIAL_PPO : COMMERCIAL_HMO, change, undefined);
    } else span(first, since, undefined);
  } else span(SELF_PAY, since, undefined);
  return spans;
}
