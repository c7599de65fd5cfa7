// Payer claims for the measurement year. Every billed service in the chart becomes claim lines at fee-schedule
// prices (about the 2026 Medicare physician fee schedule; Medicaid pays less, commercial plans more); the rest of
// the person's annual cost comes from a heavy-tailed draw (log-normal body, Pareto tail: a few people above
// $100k) spent on hospital stays, post-acute care, specialist visits, ED visits, imaging and procedures.
// Medicare FFS allowed cost averages about $11-12k a year, as in CMS's per-capita FFS spending.
import { ageOn, dayOf, type Day } from './calendar.ts';
import { addVisit, type Context } from './clinical.ts';
import type { ClaimEntry, ClaimLine, CoverageSpan, History, PayerKind, Performer } from './model.ts';
import type { Coding, Concept } from './reference-data.ts';

/** Allowed amount (USD, Medicare level) of the CPT/HCPCS codes the generator bills. */
const FEES: Record<string, number> = {
  '99202': 73, '99203': 113, '99204': 169, '99205': 223, '99212': 57, '99213': 92, '99214': 130, '99215': 183,
  '99385': 150, '99386': 165, '99387': 180, '99395': 130, '99396': 140, '99397': 150, G0438: 170, G0439: 130,
  '98966': 25, '98967': 45, '99283': 75, '99284': 125, '99285': 180, '83036': 9.5, '80053': 10.6, '80061': 13.4,
  '85025': 7.8, '36415': 3, '82274': 16, '81528': 509, '77067': 135, '88175': 35, '87624': 35, '87389': 17,
  '93000': 16, '96127': 4.5, G0444: 19, '99406': 16, '90471': 25, G0008: 25, '71046': 33, '74177': 350,
  '70450': 115, '93306': 200, '78452': 320, '66984': 540, '27447': 1250, '97110': 30, '99223': 200, '99232': 95,
  '99238': 75, '99309': 110, '99349': 125, '45378': 380, '45380': 450, '45385': 520, G0121: 380, '45330': 160,
  '90935': 70, '58150': 1200, '58260': 1050, '58571': 1150, '44150': 1800, '87491': 35, '87591': 35, '86592': 4.2,
};

const PRICE_LEVEL: Record<PayerKind, number> = { medicare_ffs: 1, medicare_advantage: 1, medicaid: 0.72, commercial: 1.45, self_pay: 1 };
/** Share of allowed that the plan pays (Part B coinsurance is 20%). */
const PAID_SHARE: Record<PayerKind, [professional: number, institutional: number]> = {
  medicare_ffs: [0.8, 0.9],
  medicare_advantage: [0.9, 0.93],
  medicaid: [0.97, 0.97],
  commercial: [0.85, 0.9],
  self_pay: [0, 0],
};

/** The codes.csv category of the CPT code billed for each lab test category (chemistry tests share one panel). */
const LAB_BILLING: Record<string, string> = {
  hba1c: 'lab_hba1c', glucose: 'lab_cmp', creatinine: 'lab_cmp', ldl: 'lab_lipid', pap_test: 'lab_cytopathology', hpv_test: 'lab_hpv',
  hiv_test: 'lab_hiv', fobt: 'lab_fit', sdna_fit: 'lab_sdna', chlamydia_test: 'lab_chlamydia', gonorrhea_test: 'lab_gonorrhea', syphilis_test: 'lab_syphilis',
};

const LAB: Performer = { kind: 'outside', serial: 60 };
const HOSPITALIST: Performer = { kind: 'outside', serial: 61 };
const FACILITY: Performer = { kind: 'outside', serial: 62 };
const SPECIALTY_FOR: [flag: string, specialty: string][] = [['heart_failure', '06'], ['hypertension', '06'], ['diabetes', '46'], ['copd', '29'], ['ckd', '39'], ['esrd', '39'], ['depression', '26']];

const round2 = (x: number) => Math.round(x * 100) / 100;

class ClaimBuilder {
  constructor(
    private readonly ctx: Context,
    private readonly h: History,
  ) {}

  coverageOn(day: Day): number {
    return this.h.coverage.findIndex((c) => c.start <= day && (c.end === undefined || c.end >= day) && c.kind !== 'self_pay');
  }

  coding(category: string, concept: string): Coding {
    return this.ctx.ref.codes.get(category, concept).codings[0]!;
  }

  pos(concept: string): Coding {
    return this.coding('place_of_service', concept);
  }

  /** A professional line at fee-schedule price for the claim's payer. */
  line(code: Coding, kind: PayerKind, units = 1): ClaimLine {
    const fee = FEES[code.code];
    if (fee === undefined) throw new Error(`no fee for ${code.code}`);
    const allowed = round2(fee * PRICE_LEVEL[kind] * units);
    return { code, revenue: undefined, units, allowed, paid: round2(allowed * PAID_SHARE[kind][0]) };
  }

  /** An institutional revenue-code line of a given allowed amount. */
  revenueLine(revenue: string, amount: number, kind: PayerKind, units = 1, code?: Coding): ClaimLine {
    const allowed = round2(amount);
    return { code, revenue: this.coding('revenue', revenue), units, allowed, paid: round2(allowed * PAID_SHARE[kind][1]) };
  }

  add(claim: Omit<ClaimEntry, 'coverageRef'>): number {
    const coverageRef = this.coverageOn(claim.from);
    if (coverageRef < 0 || claim.lines.length === 0) return 0;
    this.h.claims.push({ ...claim, coverageRef });
    return claim.lines.reduce((sum, l) => sum + l.allowed, 0);
  }
}

function icd(concept: Concept): Coding | undefined {
  return concept.codings.find((c) => c.system === 'ICD10CM');
}

function payerOn(h: History, day: Day): CoverageSpan | undefined {
  return h.coverage.find((c) => c.start <= day && (c.end === undefined || c.end >= day) && c.kind !== 'self_pay');
}

/** What a lab bills a test for: the screening, or the condition the test monitors. */
function labReason(ctx: Context, h: History, b: ClaimBuilder, category: string): Coding {
  const condition = (flag: string) => icd(h.conditions.find((c) => c.concept.category === flag)?.concept ?? ctx.ref.codes.get('encounter_dx', 'general_exam'))!;
  switch (category) {
    case 'fobt':
    case 'sdna_fit':
      return b.coding('screening_dx', 'colon');
    case 'hiv_test':
      return b.coding('screening_dx', 'hiv');
    case 'pap_test':
    case 'hpv_test':
      return b.coding('screening_dx', 'cervix');
    case 'chlamydia_test':
    case 'gonorrhea_test':
    case 'syphilis_test':
      return condition('hiv');
    case 'hba1c':
      return condition('diabetes');
    default:
      return icd(h.conditions.find((c) => c.category === 'problem-list-item')?.concept ?? ctx.ref.codes.get('encounter_dx', 'general_exam'))!;
  }
}

/** Claims for what the chart shows; returns their total allowed amount. */
function chartClaims(ctx: Context, h: History, b: ClaimBuilder, start: Day): number {
  const codes = ctx.ref.codes;
  let total = 0;
  const billable = new Set(['office', 'preventive', 'awv', 'telehealth', 'telephone']);
  h.visits.forEach((v, i) => {
    if (v.day < start || !billable.has(v.kind)) return;
    const payer = payerOn(h, v.day);
    if (!payer) return;
    const k = payer.kind;
    const cpt = v.code.codings.find((c) => c.system === 'CPT' || c.system === 'HCPCS')!;
    const lines: ClaimLine[] = [b.line(cpt, k)];
    const labs = h.observations.filter((o) => o.visitRef === i && o.isLab);
    const labCodes = new Set(labs.map((o) => LAB_BILLING[o.concept.category]).filter((c) => c !== undefined));
    for (const c of labCodes) lines.push(b.line(codes.concepts(c)[0]!.codings[0]!, k));
    if (labs.length > 0) lines.push(b.line(b.coding('venipuncture', '36415'), k));
    if (h.observations.some((o) => o.visitRef === i && o.concept.category === 'depression_screen')) {
      lines.push(b.line(b.coding('depression_screen_billing', v.kind === 'awv' ? 'g0444' : '96127'), k));
    }
    if (h.procedures.some((p) => p.visitRef === i && p.concept.category === 'tobacco_cessation_counseling')) {
      lines.push(b.line(b.coding('smoking_cessation_billing', '99406'), k));
    }
    if (h.immunizations.some((m) => m.day === v.day && m.site === v.site)) {
      lines.push(b.line(b.coding(k === 'medicare_ffs' ? 'vaccine_admin_medicare' : 'vaccine_admin', k === 'medicare_ffs' ? 'g0008' : '90471'), k));
    }
    const pos = v.kind === 'telehealth' || v.kind === 'telephone' ? b.pos('telehealth_home') : b.pos('office');
    total += b.add({ site: v.site, type: 'professional', from: v.day, to: v.day, placeOfService: pos, performer: v.performer, diagnoses: v.diagnoses.slice(0, 12), lines });
  });
  // Lab work drawn outside a visit, screenings done elsewhere, procedures.
  for (const o of h.observations) {
    if (o.day < start || o.visitRef !== undefined || !o.isLab) continue;
    const payer = payerOn(h, o.day);
    if (!payer) continue;
    const c = o.concept.category;
    const billing = LAB_BILLING[c];
    if (!billing) continue;
    const code = codes.concepts(billing)[0]!.codings[0]!;
    total += b.add({ site: o.site, type: 'professional', from: o.day, to: o.day, placeOfService: b.pos('independent_lab'), performer: LAB, diagnoses: [labReason(ctx, h, b, c)], lines: [b.line(code, payer.kind)] });
  }
  for (const p of h.procedures) {
    if (p.day < start) continue;
    const payer = payerOn(h, p.day);
    const cpt = p.concept.codings.find((c) => c.system === 'CPT' || c.system === 'HCPCS');
    if (!payer || !cpt || FEES[cpt.code] === undefined) continue;
    const k = payer.kind;
    const screening = p.concept.category === 'screening_mammography' ? b.coding('screening_dx', 'mammogram') : p.concept.category === 'colonoscopy' || p.concept.category === 'flexible_sigmoidoscopy' ? b.coding('screening_dx', 'colon') : undefined;
    const reason = screening ?? icd(h.conditions.find((c) => c.category === 'problem-list-item')?.concept ?? codes.get('encounter_dx', 'general_exam'))!;
    const facility = p.concept.category === 'colonoscopy' || p.concept.category === 'hysterectomy' || p.concept.category === 'total_colectomy';
    const pos = p.concept.category === 'screening_mammography' || p.concept.category === 'dialysis' ? b.pos('outpatient_on_campus') : facility ? b.pos('asc') : b.pos('office');
    total += b.add({ site: p.site, type: 'professional', from: p.day, to: p.day, placeOfService: pos, performer: p.performer, diagnoses: [reason], lines: [b.line(cpt, k)] });
    if (facility) {
      total += b.add({ site: p.site, type: 'institutional', from: p.day, to: p.day, placeOfService: pos, performer: FACILITY, diagnoses: [reason], lines: [b.revenueLine('operating_room', FEES[cpt.code]! * 1.6 * PRICE_LEVEL[k], k), b.revenueLine('recovery_room', 180 * PRICE_LEVEL[k], k)] });
    }
  }
  return total;
}

/** The person's whole annual allowed cost: log-normal body, Pareto tail, scaled by age, payer and morbidity. */
function annualCost(ctx: Context, h: History, kind: PayerKind, age: number): number {
  const { rng } = ctx;
  const f = h.flags;
  let morbidity = 1;
  for (const [flag, weight] of [['diabetes', 0.35], ['heart_failure', 1.0], ['copd', 0.6], ['ckd', 0.6], ['depression', 0.25], ['advanced_illness', 0.8], ['colon_cancer', 1.5], ['hiv', 1.2], ['frailty', 0.5]] as const) {
    if (f.has(flag)) morbidity += weight;
  }
  if (f.has('esrd')) morbidity *= 6;
  if (f.has('hospice') || h.deathDay !== undefined) morbidity *= 2;
  const medicare = kind === 'medicare_ffs' || kind === 'medicare_advantage';
  const median = (medicare ? 3900 : kind === 'medicaid' ? 2400 : 2000) * (age >= 80 ? 1.25 : 1) * morbidity;
  const tail = Math.min(0.4, (medicare ? 0.035 : 0.015) * Math.pow(morbidity, 0.8));
  if (rng.chance(tail)) return Math.min(900_000, rng.pareto(medicare ? 30_000 : 22_000, 1.7));
  return rng.logNormal(median, 1.0) * PRICE_LEVEL[kind];
}

interface Item {
  type: 'specialist' | 'ed' | 'imaging' | 'procedure' | 'therapy' | 'home_health';
  typical: number;
}

/** Spend the part of the annual cost the chart does not show: stays, post-acute care and outpatient items. */
function residualClaims(ctx: Context, h: History, b: ClaimBuilder, remaining: number, age: number, start: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const principal = () => icd(h.conditions.find((c) => c.category === 'problem-list-item' && !c.abatement)?.concept ?? codes.pick(rng, 'acute_dx'))!;
  const dayIn = () => rng.int(start, Math.max(start, last - 10));
  // Hospital stays take most of a large remainder.
  const stays = remaining > 150_000 ? 3 : remaining > 70_000 ? 2 : remaining > 18_000 ? 1 : 0;
  for (let s = 0; s < stays; s++) {
    const budget = (remaining * 0.75) / stays;
    const admit = dayIn();
    const los = Math.max(2, Math.min(20, Math.round(rng.logNormal(4, 0.5))));
    const discharge = Math.min(last, admit + los);
    const payer = payerOn(h, admit);
    if (!payer) continue;
    const k = payer.kind;
    const hfFlag = h.flags.has('heart_failure') && rng.chance(0.4);
    const admitDx = hfFlag ? codes.get('admission_dx', 'hf_exacerbation') : h.flags.has('copd') && rng.chance(0.4) ? codes.get('admission_dx', 'copd_exacerbation') : codes.pick(rng, 'admission_dx');
    const dx = [admitDx.codings[0]!, principal()];
    const viaEd = rng.chance(0.7);
    const days = discharge - admit;
    const parts: [string, number][] = [['room_board', 0.45], ['pharmacy', 0.15], ['laboratory', 0.1], ['radiology', 0.08]];
    if (viaEd) parts.push(['emergency_room', 0.05]);
    if (admitDx.concept === 'hip_fracture' || rng.chance(0.15)) parts.push(['operating_room', 0.17]);
    const weight = parts.reduce((sum, [, w]) => sum + w, 0);
    const lines = parts.map(([rev, w]) => b.revenueLine(rev, (budget * 0.85 * w) / weight, k, rev === 'room_board' ? days : 1));
    b.add({ site: 'home', type: 'institutional', from: admit, to: discharge, placeOfService: b.pos('inpatient'), performer: FACILITY, diagnoses: dx, lines });
    const profLines = [b.line(b.coding('hospital_admit_visit', '99223'), k)];
    if (days > 2) profLines.push(b.line(b.coding('hospital_subsequent_visit', '99232'), k, days - 2));
    profLines.push(b.line(b.coding('hospital_discharge_visit', '99238'), k));
    b.add({ site: 'home', type: 'professional', from: admit, to: discharge, placeOfService: b.pos('inpatient'), performer: HOSPITALIST, diagnoses: dx, lines: profLines });
    // Hospitals send admissions to the PCP's EHR through ADT feeds about half the time.
    if (rng.chance(0.5)) {
      addVisit(ctx, h, { kind: 'inpatient', day: admit, endDay: discharge, code: codes.pick(rng, 'inpatient_encounter'), classCode: 'IMP', performer: HOSPITALIST });
    }
    if (age >= 65 && rng.chance(0.3) && discharge + 30 <= last) {
      const snfDays = rng.int(10, 30);
      b.add({ site: 'home', type: 'institutional', from: discharge, to: discharge + snfDays, placeOfService: b.pos('snf'), performer: FACILITY, diagnoses: dx, lines: [b.revenueLine('snf_hipps', (budget * 0.15), k, snfDays)] });
    }
  }
  const left = stays > 0 ? remaining * 0.25 : remaining;
  if (left < 40) return;
  // A few outpatient episodes (one claim each, two with a facility claim) whose prices are scaled to the remainder.
  const menu: Item[] = [
    { type: 'specialist', typical: 450 },
    { type: 'specialist', typical: 450 },
    { type: 'imaging', typical: 600 },
    { type: 'ed', typical: 1800 },
    { type: 'therapy', typical: 900 },
    { type: 'procedure', typical: 4500 },
  ];
  if (age >= 75) menu.push({ type: 'home_health', typical: 3000 });
  const count = Math.min(3, Math.max(1, Math.round(left / 2500)));
  const items = Array.from({ length: count }, () => rng.pick(menu.filter((m) => m.typical <= Math.max(left, 600) * 1.5)));
  const planned = items.reduce((sum, item) => sum + item.typical, 0);
  const scale = Math.min(8, Math.max(0.2, left / planned));
  for (const item of items) {
    const day = dayIn();
    const payer = payerOn(h, day);
    if (!payer) continue;
    const k = payer.kind;
    const amount = item.typical * scale;
    const dx = [principal()];
    const priced = (code: Coding, share: number, units = 1): ClaimLine => {
      const allowed = round2(amount * share);
      return { code, revenue: undefined, units, allowed, paid: round2(allowed * PAID_SHARE[k][0]) };
    };
    if (item.type === 'specialist') {
      // A specialist visit with the test done at it.
      const match = SPECIALTY_FOR.find(([flag]) => h.flags.has(flag));
      const test = codes.pick(rng, 'imaging').codings[0]!;
      const lines = [priced(codes.get('office_est', '99214').codings[0]!, 0.35), priced(test, 0.5), priced(b.coding('ecg', '93000'), 0.15)];
      b.add({ site: 'home', type: 'professional', from: day, to: day, placeOfService: b.pos('office'), performer: { kind: 'specialist', specialty: match?.[1] ?? '06' }, diagnoses: dx, lines });
    } else if (item.type === 'ed') {
      const acute = codes.pick(rng, 'acute_dx').codings[0]!;
      const edVisit = codes.pick(rng, 'ed_visit');
      b.add({ site: 'home', type: 'professional', from: day, to: day, placeOfService: b.pos('emergency'), performer: { kind: 'outside', serial: 63 + rng.int(0, 5) }, diagnoses: [acute], lines: [priced(edVisit.codings[0]!, 0.12)] });
      b.add({ site: 'home', type: 'institutional', from: day, to: day, placeOfService: b.pos('emergency'), performer: FACILITY, diagnoses: [acute], lines: [b.revenueLine('emergency_room', amount * 0.5, k), b.revenueLine('laboratory', amount * 0.23, k), b.revenueLine('radiology', amount * 0.15, k)] });
      if (rng.chance(0.4)) addVisit(ctx, h, { kind: 'ed', day, code: edVisit, classCode: 'EMER', performer: { kind: 'outside', serial: 63 } });
    } else if (item.type === 'imaging') {
      b.add({ site: 'home', type: 'professional', from: day, to: day, placeOfService: b.pos('outpatient_on_campus'), performer: { kind: 'outside', serial: 1 + rng.int(0, 9) }, diagnoses: dx, lines: [priced(codes.pick(rng, 'imaging').codings[0]!, 1)] });
    } else if (item.type === 'procedure') {
      const code = codes.pick(rng, 'outpatient_procedure').codings[0]!;
      const reason = codes.get('acute_dx', code.code === '66984' ? 'cataract' : 'knee_oa').codings[0]!;
      b.add({ site: 'home', type: 'professional', from: day, to: day, placeOfService: b.pos('asc'), performer: { kind: 'outside', serial: 70 + rng.int(0, 19) }, diagnoses: [reason], lines: [priced(code, 0.25)] });
      b.add({ site: 'home', type: 'institutional', from: day, to: day, placeOfService: b.pos('asc'), performer: FACILITY, diagnoses: [reason], lines: [b.revenueLine('operating_room', amount * 0.6, k), b.revenueLine('recovery_room', amount * 0.15, k)] });
    } else if (item.type === 'therapy') {
      const units = Math.max(1, Math.round(amount / 30));
      b.add({ site: 'home', type: 'professional', from: day, to: day + 42, placeOfService: b.pos('office'), performer: { kind: 'outside', serial: 90 + rng.int(0, 9) }, diagnoses: [codes.get('acute_dx', 'low_back_pain').codings[0]!], lines: [priced(b.coding('physical_therapy', '97110'), 1, units)] });
    } else {
      b.add({ site: 'home', type: 'institutional', from: day, to: Math.min(last, day + 59), placeOfService: b.pos('home'), performer: FACILITY, diagnoses: dx, lines: [b.revenueLine('home_health_hipps', amount, k)] });
    }
  }
}

/** Adds the year's claims to the history (payer feeds: none for self-pay periods). */
export function drawClaims(ctx: Context, h: History): void {
  const start = dayOf(ctx.year, 1, 1);
  const last = h.deathDay ?? dayOf(ctx.year, 12, 31);
  const age = ageOn(ctx.person.demographics.birthDay, last);
  const payer = payerOn(h, Math.min(last, start + 180)) ?? payerOn(h, start);
  if (!payer) return;
  const b = new ClaimBuilder(ctx, h);
  const shown = chartClaims(ctx, h, b, start);
  const target = annualCost(ctx, h, payer.kind, age);
  if (target > shown) residualClaims(ctx, h, b, target - shown, age, start, last);
  h.claims.sort((a, c) => a.from - c.from);
}

