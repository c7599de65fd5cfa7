// A person's clinical story for the measurement year and the look-back years the eCQMs use: conditions at
// US prevalence, visits with real E/M and preventive codes, vitals, labs, screenings with their look-back
// windows, medications, immunizations and the exclusion events (hospice, palliative care, frailty, advanced
// illness). Rates aim at US adult prevalence and national MIPS performance; the README lists them.
import { ageOn, dayOf, type Day } from './calendar.ts';
import type {
  History,
  ObservationEntry,
  ObservationValue,
  Performer,
  ProblemEntry,
  Site,
  Visit,
  VisitKind,
} from './model.ts';
import type { Person } from './person.ts';
import type { Rng } from './random.ts';
import { CodeBook, type Coding, type Concept, type ReferenceData } from './reference-data.ts';
import { drawCoverage } from './coverage.ts';

const YEAR_DAYS = 365;

/** A history under construction: its flags can still be added to. */
interface Draft extends History {
  flags: Set<string>;
}

export interface Context {
  rng: Rng;
  ref: ReferenceData;
  person: Person;
  year: number;
  /** The person also has a record at a second practice. */
  hasSecond: boolean;
}

interface Latent {
  bmi: number;
  a1c: number;
  smoker: 'current' | 'former' | 'never';
}

const OUTSIDE_GI: Performer = { kind: 'outside', serial: 0 };

export function drawClinical(ctx: Context): History {
  const { rng, person, year } = ctx;
  const start = dayOf(year, 1, 1);
  const end = dayOf(year, 12, 31);
  const d = person.demographics;
  const age = ageOn(d.birthDay, end);
  const female = d.sex === 'female';
  const h: Draft = {
    deathDay: undefined,
    coverage: [],
    visits: [],
    conditions: [],
    observations: [],
    procedures: [],
    medications: [],
    immunizations: [],
    serviceRequests: [],
    claims: [],
    flags: new Set(),
  };

  // Annual mortality by age (US life tables, rounded); a death ends the year's events.
  const mortality = age >= 85 ? 0.1 : age >= 75 ? 0.035 : age >= 65 ? 0.015 : 0.003;
  const hospice = rng.chance(age >= 80 ? 0.02 : age >= 65 ? 0.004 : 0.0005);
  if (rng.chance(hospice ? 0.5 : mortality)) h.deathDay = start + rng.int(30, YEAR_DAYS - 1);
  const last = h.deathDay ?? end;

  h.coverage = drawCoverage(ctx, age, start, end);
  const medicaid = h.coverage.some((c) => c.kind === 'medicaid' || c.sop.code === '141');

  // Risk factors and chronic conditions (diagnosed prevalence by age: CDC NCHS/NHANES, rounded).
  const latent = drawLatent(rng, age, medicaid);
  const obese = latent.bmi >= 30;
  const has = (flag: string) => h.flags.has(flag);
  const add = (flag: string, p: number) => {
    if (rng.chance(Math.min(0.95, p))) h.flags.add(flag);
  };
  add('diabetes', (age < 45 ? 0.025 : age < 65 ? 0.11 : 0.17) * (obese ? 1.5 : 0.7));
  add('hypertension', (age < 40 ? 0.05 : age < 60 ? 0.24 : 0.45) * (obese ? 1.25 : 0.83) * (has('diabetes') ? 1.3 : 1));
  add('hyperlipidemia', age >= 40 ? 0.3 : 0.05);
  add('depression', female ? 0.12 : 0.07);
  add('copd', age >= 45 ? (latent.smoker !== 'never' ? 0.12 : 0.02) : 0.005);
  add('heart_failure', (age >= 65 ? 0.06 : age >= 45 ? 0.015 : 0.002) * (has('hypertension') ? 1.5 : 1));
  add('ckd', (age >= 65 ? 0.1 : age >= 45 ? 0.03 : 0.003) * (has('diabetes') ? 2 : 1) * (has('hypertension') ? 1.4 : 1));
  add('esrd', has('diabetes') ? 0.005 : 0.0008);
  add('kidney_transplant', 0.0005);
  add('hiv', 0.004);
  if (obese) add('obesity_dx', 0.45);
  if (latent.smoker === 'current') add('nicotine_dependence', 0.5);
  if (age >= 66) {
    add('frailty', age >= 75 ? 0.12 : 0.05);
    add('advanced_illness', age >= 75 ? 0.05 : 0.015);
    if (has('advanced_illness')) add('dementia_medication', 0.4);
    add('palliative', age >= 75 ? 0.01 : 0.003);
  }
  if (hospice) h.flags.add('hospice');
  if (female && age <= 44) add('pregnancy', 0.03);
  if (female && age >= 40) add('bilateral_mastectomy', 0.004);
  if (age >= 50) add('colon_cancer', 0.004);
  if (female && age >= 30) add('hysterectomy', age < 40 ? 0.03 : age < 50 ? 0.1 : 0.2);

  const chronic = ['diabetes', 'hypertension', 'hyperlipidemia', 'depression', 'copd', 'heart_failure', 'ckd', 'esrd', 'hiv', 'obesity_dx', 'nicotine_dependence', 'advanced_illness', 'colon_cancer', 'bilateral_mastectomy', 'kidney_transplant'];
  const category: Record<string, string> = {
    obesity_dx: 'obesity',
    nicotine_dependence: 'nicotine_dependence',
    advanced_illness: 'advanced_illness',
    colon_cancer: 'colon_cancer',
    bilateral_mastectomy: 'bilateral_mastectomy_history',
    kidney_transplant: 'kidney_transplant_status',
  };
  const adult = d.birthDay + 18 * YEAR_DAYS;
  for (const flag of chronic) {
    if (!has(flag)) continue;
    const onset = Math.max(adult, last - rng.int(60, 15 * YEAR_DAYS));
    const resolved = flag === 'depression' && rng.chance(0.3) ? Math.min(last, onset + rng.int(120, 3 * YEAR_DAYS)) : undefined;
    h.conditions.push({ concept: ctx.ref.codes.pick(rng, category[flag] ?? flag), site: 'home', onset, abatement: resolved, category: 'problem-list-item', visitRef: undefined });
  }
  const nChronic = h.conditions.length;

  drawVisits(ctx, h, age, nChronic, start, last);
  drawVisitObservations(ctx, h, latent, start);
  drawScreenings(ctx, h, age, start, end, last);
  drawMedications(ctx, h, start, last);
  drawImmunizations(ctx, h, age, start, last);
  drawExclusionEvents(ctx, h, start, last);
  if (ctx.hasSecond) assignSecondSite(ctx, h, start);
  return h;
}

function drawLatent(rng: Rng, age: number, medicaid: boolean): Latent {
  // BMI: log-normal, median 28.3 (29.5 from 45): ~40% obese (NHANES 2017-2020: 41.9%).
  const bmi = rng.logNormal(age >= 45 ? 29.5 : 28.3, 0.19);
  // Smoking: ~12% current (NHIS 2022: 11.5%), more among Medicaid members, fewer after 65.
  const current = (age >= 65 ? 0.08 : 0.135) * (medicaid ? 1.6 : 1);
  const former = age >= 65 ? 0.35 : 0.18;
  const r = rng.next();
  const smoker = r < current ? 'current' : r < current + former ? 'former' : 'never';
  // HbA1c latent level for diabetics: 3 in 4 near goal, 1 in 4 poorly controlled (~15% above 9%).
  const a1c = rng.chance(0.75) ? rng.normal(7.0, 0.7) : rng.normal(9.3, 1.2);
  return { bmi, a1c, smoker };
}

/** Minutes after midnight of an office appointment slot (08:00-16:40, 20-minute slots). */
function slot(rng: Rng): number {
  return 8 * 60 + 20 * rng.int(0, 26);
}

function pickDays(rng: Rng, count: number, from: Day, to: Day): Day[] {
  const days = new Set<Day>();
  for (let i = 0; i < count * 3 && days.size < count && to >= from; i++) days.add(rng.int(from, to));
  return [...days].sort((a, b) => a - b);
}

function ageBand(age: number): string {
  return age >= 65 ? '65+' : age >= 40 ? '40-64' : '18-39';
}

function drawVisits(ctx: Context, h: Draft, age: number, nChronic: number, start: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const medicare = ctx.person.medicare;
  const active = rng.chance(Math.min(0.97, 0.76 + 0.06 * nChronic + (age >= 65 ? 0.06 : 0)));
  const years: [Day, Day, number][] = [];
  // The year before: fewer visits than a full chart would show (the extract's look-back serves attribution's
  // 12-month window and the measures' look-backs, not a complete history).
  if (rng.chance(Math.min(0.95, 0.7 + 0.05 * nChronic))) years.push([start - YEAR_DAYS, start - 1, 1 + Math.min(3, rng.poisson(0.2 + 0.2 * nChronic))]);
  if (active) years.push([start, last, 1 + Math.min(7, rng.poisson(0.5 + 0.45 * nChronic))]);
  for (const [from, to, count] of years) {
    const days = pickDays(rng, count, from, to);
    const preventiveAt = rng.chance(medicare ? 0.55 : age >= 40 ? 0.45 : 0.35) ? rng.int(0, days.length - 1) : -1;
    days.forEach((day, i) => {
      let kind: VisitKind = 'office';
      let code: Concept;
      let classCode: Visit['classCode'] = 'AMB';
      if (i === preventiveAt) {
        if (medicare && age >= 65) {
          kind = 'awv';
          code = codes.get('awv', ageOn(ctx.person.demographics.birthDay, day) === 65 ? 'initial' : 'subsequent');
        } else {
          kind = 'preventive';
          code = codes.get('preventive_est', ageBand(age));
        }
      } else {
        const r = rng.next();
        if (r < 0.09) {
          kind = 'telehealth';
          classCode = 'VR';
          code = codes.pick(rng, 'office_est');
        } else if (r < 0.12) {
          kind = 'telephone';
          classCode = 'VR';
          code = codes.pick(rng, 'telephone');
        } else code = codes.pick(rng, 'office_est');
      }
      addVisit(ctx, h, { kind, day, code, classCode, performer: { kind: 'pcp' } });
    });
  }
}

export function addVisit(
  ctx: Context,
  h: History,
  v: { kind: VisitKind; day: Day; code: Concept; classCode: Visit['classCode']; performer: Performer; endDay?: Day; site?: Site },
): number {
  const { rng, ref } = ctx;
  const visit: Visit = {
    kind: v.kind,
    site: v.site ?? 'home',
    day: v.day,
    minute: v.kind === 'inpatient' || v.kind === 'ed' ? rng.int(0, 1439) : slot(rng),
    durationMinutes: v.kind === 'telephone' ? 10 : v.kind === 'preventive' || v.kind === 'awv' ? 40 : 20,
    endDay: v.endDay ?? v.day,
    code: v.code,
    classCode: v.classCode,
    performer: v.performer,
    diagnoses: [],
    conditionRefs: [],
  };
  const index = h.visits.length;
  h.visits.push(visit);
  if (v.kind === 'preventive' || v.kind === 'awv') {
    visit.diagnoses.push(ref.codes.get('encounter_dx', rng.chance(0.7) ? 'general_exam' : 'general_exam_abnormal').codings[0]!);
  }
  h.conditions.forEach((c, i) => {
    if (c.category !== 'problem-list-item' || c.onset > v.day || (c.abatement !== undefined && c.abatement < v.day)) return;
    if (rng.chance(v.kind === 'office' || v.kind === 'telehealth' ? 0.6 : 0.3)) {
      visit.conditionRefs.push(i);
      const icd = CodeBook.codingIn(c.concept, 'ICD10CM');
      if (icd) visit.diagnoses.push(icd);
    }
  });
  if ((v.kind === 'office' || v.kind === 'telehealth' || v.kind === 'telephone') && (visit.diagnoses.length === 0 || rng.chance(0.3))) {
    // An acute problem: always billed, charted as an encounter diagnosis about half the time (the extract
    // leaves out the resolved acute problems of earlier years: no measure looks back at them).
    const acute = ref.codes.pick(rng, 'acute_dx');
    if (v.day >= dayOf(ctx.year, 1, 1) && rng.chance(0.5)) {
      visit.conditionRefs.push(h.conditions.length);
      h.conditions.push({ concept: acute, site: visit.site, onset: v.day, abatement: v.day + rng.int(7, 30), category: 'encounter-diagnosis', visitRef: index });
    }
    visit.diagnoses.unshift(acute.codings[0]!);
  }
  return index;
}

function observe(h: Draft, visitRef: number | undefined, o: Omit<ObservationEntry, 'site' | 'visitRef' | 'minute'> & { minute?: number }): void {
  const visit = visitRef === undefined ? undefined : h.visits[visitRef];
  h.observations.push({
    ...o,
    minute: o.minute ?? (visit ? visit.minute + 5 : 9 * 60),
    site: visit?.site ?? 'home',
    visitRef,
  });
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function drawVisitObservations(ctx: Context, h: Draft, latent: Latent, start: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const htn = h.flags.has('hypertension');
  // Blood pressure: treated hypertensives ~3 in 4 near goal (CMS165 national performance ~ 62-65%).
  const controlled = rng.chance(0.77);
  const sys = htn ? (controlled ? rng.normal(127, 7) : rng.normal(148, 9)) : rng.normal(118, 10);
  const dia = htn ? (controlled ? rng.normal(78, 6) : rng.normal(88, 7)) : rng.normal(75, 7);
  const bpPanel = codes.get('bp_panel', '85354-9');
  const bmiConcept = codes.get('bmi', '39156-5');
  let tobaccoDone = false;
  let bmiPlanned = false;
  const screenTobacco = rng.chance(0.85);
  // Depression screening (CMS2 ~ 60%) and BMI (CMS69 ~ 85%) happen at one visit of the year, the preventive
  // one when there is one; BMI is often taken again at later visits.
  const eligible = h.visits.map((v, i) => [v, i] as const).filter(([v]) => v.day >= start && (v.kind === 'office' || v.kind === 'preventive' || v.kind === 'awv'));
  const preventive = eligible.find(([v]) => v.kind === 'preventive' || v.kind === 'awv');
  const anchor = preventive ?? (eligible.length > 0 ? rng.pick(eligible) : undefined);
  const depressionAt = anchor && rng.chance(0.7) ? anchor[1] : -1;
  const bmiAt = anchor && rng.chance(0.9) ? anchor[1] : -1;
  h.visits.forEach((v, i) => {
    if (v.kind === 'telephone' || v.kind === 'inpatient' || v.kind === 'ed') return;
    const inYear = v.day >= start;
    // Blood pressure at nearly every in-person visit of the year (earlier years' vitals are not extracted).
    if (inYear && v.kind !== 'telehealth' && rng.chance(0.95)) {
      const value: ObservationValue = {
        kind: 'bp',
        systolic: Math.round(sys + rng.normal(0, 6)),
        diastolic: Math.round(dia + rng.normal(0, 4)),
      };
      observe(h, i, { concept: bpPanel, category: 'vital-signs', day: v.day, value, isLab: false });
    }
    if (i === bmiAt || (inYear && v.kind !== 'telehealth' && rng.chance(0.3))) {
      const bmi = round1(latent.bmi + rng.normal(0, 0.4));
      observe(h, i, { concept: bmiConcept, category: 'vital-signs', day: v.day, value: { kind: 'quantity', value: bmi, unit: 'kg/m2' }, isLab: false });
      // A follow-up plan for the year's first BMI of 25 or more, about 6 times in 10 (CMS69 ~ 60%).
      if (inYear && bmi >= 25 && !bmiPlanned) {
        bmiPlanned = true;
        if (rng.chance(0.6)) bmiFollowUp(ctx, h, i, bmi);
      }
    }
    if (inYear && !tobaccoDone && screenTobacco) {
      tobaccoDone = true;
      const concept = codes.get('tobacco_screen', '72166-2');
      const status = codes.pick(rng, latent.smoker === 'current' ? 'tobacco_user' : 'tobacco_non_user');
      const value = latent.smoker === 'former' ? codes.get('tobacco_non_user', 'ex') : status;
      // US Core Smoking Status is a social-history observation; CMS138 (QI-Core assessment) reads category
      // survey: both are sent, as US Core allows.
      observe(h, i, { concept, category: 'survey', alsoCategory: 'social-history', day: v.day, value: { kind: 'coded', coding: value.codings[0]! }, isLab: false });
      // About seven in ten identified users get counseling, pharmacotherapy or both (CMS138 group 2).
      if (latent.smoker === 'current' && rng.chance(0.7)) cessationIntervention(ctx, h, i);
    }
    if (i === depressionAt) {
      const depressed = h.flags.has('depression');
      const positive = rng.chance(depressed ? 0.4 : 0.08);
      const result = codes.get('depression_screen_result', positive ? 'positive' : 'negative').codings[0]!;
      observe(h, i, { concept: codes.get('depression_screen', 'adult'), category: 'survey', day: v.day, value: { kind: 'coded', coding: result }, isLab: false });
      if (positive) {
        observe(h, i, { concept: codes.get('depression_screen_phq9', 'phq9'), category: 'survey', day: v.day, value: { kind: 'quantity', value: rng.int(10, 22), unit: '{score}' }, isLab: false });
        if (rng.chance(0.7)) {
          h.serviceRequests.push({ concept: codes.pick(rng, 'depression_referral'), site: v.site, day: v.day, status: 'completed', category: 'referral', reason: result });
        }
      }
    }
  });

  // HbA1c for diabetics: ~88% tested in the year (CMS122 counts untested as poor control).
  if (h.flags.has('diabetes')) {
    const tests: [Day, Day, number][] = [[start - YEAR_DAYS, start - 1, rng.chance(0.8) ? rng.int(1, 2) : 0]];
    if (rng.chance(0.88)) tests.push([start, h.deathDay ?? start + YEAR_DAYS - 1, 1 + (rng.chance(0.6) ? 1 : 0) + (rng.chance(0.3) ? 1 : 0)]);
    for (const [from, to, count] of tests) {
      for (const day of pickDays(rng, count, from, to)) {
        const visitRef = nearestVisit(h, day, 10);
        observe(h, visitRef, {
          concept: codes.pick(rng, 'hba1c'),
          category: 'laboratory',
          day: visitRef === undefined ? day : h.visits[visitRef]!.day,
          value: { kind: 'quantity', value: round1(Math.min(15.5, Math.max(4.8, latent.a1c + rng.normal(0, 0.35)))), unit: '%' },
          isLab: true,
        });
      }
    }
  }

  // A routine chemistry panel once a year for people with chronic conditions.
  const chronicCount = h.conditions.filter((c) => c.category === 'problem-list-item').length;
  const visitInYear = h.visits.findIndex((v) => v.day >= start && v.kind !== 'telephone');
  if (chronicCount > 0 && visitInYear >= 0 && rng.chance(0.6)) {
    const day = h.visits[visitInYear]!.day;
    const diabetic = h.flags.has('diabetes');
    const ckd = h.flags.has('ckd') || h.flags.has('esrd');
    observe(h, visitInYear, { concept: codes.get('glucose', '2345-7'), category: 'laboratory', day, value: { kind: 'quantity', value: Math.round(diabetic ? rng.normal(150, 40) : rng.normal(95, 12)), unit: 'mg/dL' }, isLab: true });
    observe(h, visitInYear, { concept: codes.get('creatinine', '2160-0'), category: 'laboratory', day, value: { kind: 'quantity', value: round1(Math.max(0.5, ckd ? rng.normal(2.1, 0.6) : rng.normal(0.95, 0.18))), unit: 'mg/dL' }, isLab: true });
    if (h.flags.has('hyperlipidemia') || diabetic || h.flags.has('hypertension')) {
      observe(h, visitInYear, { concept: codes.get('ldl', '13457-7'), category: 'laboratory', day, value: { kind: 'quantity', value: Math.round(Math.max(40, rng.normal(112, 32))), unit: 'mg/dL' }, isLab: true });
    }
  }
}

/** Counseling at the visit (billed 99406), a cessation drug, or both. */
function cessationIntervention(ctx: Context, h: Draft, visitRef: number): void {
  const { rng, ref } = ctx;
  const v = h.visits[visitRef]!;
  const counsel = rng.chance(0.75);
  if (counsel) h.procedures.push({ concept: ref.codes.pick(rng, 'tobacco_cessation_counseling'), site: v.site, day: v.day, performer: { kind: 'pcp' }, visitRef, status: 'completed' });
  if (!counsel || rng.chance(0.35)) {
    const dependence = h.conditions.find((c) => c.concept.category === 'nicotine_dependence');
    h.medications.push({ concept: ref.codes.pick(rng, 'tobacco_cessation_medication'), site: v.site, authored: v.day, status: 'active', supplyDays: 30, reason: dependence && CodeBook.codingIn(dependence.concept, 'ICD10CM') });
  }
}

/**
 * A plan for a BMI of 25 or more (CMS69): diet or exercise counseling at the visit, or a referral to a
 * dietitian or weight program, for the overweight or obesity charted at that visit when the problem list
 * does not hold it already.
 */
function bmiFollowUp(ctx: Context, h: Draft, visitRef: number, bmi: number): void {
  const { rng, ref } = ctx;
  const v = h.visits[visitRef]!;
  const problem = h.conditions.find((c) => c.concept.category === 'obesity');
  const concept = problem?.concept ?? (bmi >= 30 ? ref.codes.get('obesity', 'unspecified') : ref.codes.get('overweight', 'e663'));
  const reason = CodeBook.codingIn(concept, 'ICD10CM')!;
  if (!problem) {
    v.conditionRefs.push(h.conditions.length);
    h.conditions.push({ concept, site: v.site, onset: v.day, abatement: undefined, category: 'encounter-diagnosis', visitRef });
  }
  v.diagnoses.push(reason);
  if (rng.chance(0.75)) h.procedures.push({ concept: ref.codes.pick(rng, 'bmi_follow_up'), site: v.site, day: v.day, performer: { kind: 'pcp' }, visitRef, status: 'completed', reason });
  else h.serviceRequests.push({ concept: ref.codes.pick(rng, 'bmi_referral'), site: v.site, day: v.day, status: 'active', category: 'referral', reason });
}

/** The visit closest to a day (within `window` days), if any. */
function nearestVisit(h: History, day: Day, window: number): number | undefined {
  let best: number | undefined;
  h.visits.forEach((v, i) => {
    if (v.kind === 'telephone' || Math.abs(v.day - day) > window) return;
    if (best === undefined || Math.abs(v.day - day) < Math.abs(h.visits[best]!.day - day)) best = i;
  });
  return best;
}

const NEGATIVE = (ref: ReferenceData): Coding => ref.codes.get('test_result', 'negative').codings[0]!;

function drawScreenings(ctx: Context, h: Draft, age: number, start: Day, end: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const d = ctx.person.demographics;
  const female = d.sex === 'female';
  const radiology: Performer = { kind: 'outside', serial: 1 + rng.int(0, 9) };
  const documented = () => rng.chance(0.93);

  // Breast cancer screening (CMS125: women 42-74, mammogram from Oct 1 two years before the year).
  if (female && age >= 42 && age <= 74 && !h.flags.has('bilateral_mastectomy')) {
    const screened = rng.chance(age >= 50 ? 0.82 : 0.62);
    const windowStart = dayOf(ctx.year - 2, 10, 1);
    const dates: Day[] = [];
    if (screened) {
      dates.push(rng.int(windowStart, last));
      if (rng.chance(0.5)) dates.push(dates[0]! - rng.int(330, 760));
    } else if (rng.chance(0.5)) dates.push(windowStart - rng.int(30, 3 * YEAR_DAYS));
    for (const day of dates) {
      if (day < d.birthDay + 40 * YEAR_DAYS) continue;
      // A few reports never reach the chart: the claim (CPT 77067) is then the only trace.
      if (documented()) h.observations.push({ concept: codes.pick(rng, 'mammography'), category: 'imaging', site: 'home', day, minute: slot(rng), value: { kind: 'none' }, visitRef: undefined, isLab: false });
      if (day >= start) h.procedures.push({ concept: codes.get('screening_mammography', '77067'), site: 'home', day, performer: radiology, visitRef: undefined, status: 'completed' });
    }
    const orderVisit = h.visits.findIndex((v) => v.day >= start && v.kind !== 'telephone');
    if (orderVisit >= 0 && rng.chance(screened ? 0.4 : 0.3)) {
      h.serviceRequests.push({ concept: codes.get('mammography', '24606-6'), site: 'home', day: h.visits[orderVisit]!.day, status: screened ? 'completed' : 'active', category: 'imaging', reason: codes.get('screening_dx', 'mammogram').codings[0] });
    }
  }

  // Colorectal cancer screening (CMS130: 45-75; colonoscopy 10 y, CT colonography / sigmoidoscopy 5 y, sDNA 3 y, FIT this year).
  if (age >= 45 && age <= 75 && !h.flags.has('colon_cancer')) {
    const screened = rng.chance(age >= 50 ? 0.76 : 0.45);
    const r = rng.next();
    if (screened) {
      if (r < 0.72) h.procedures.push({ concept: codes.pick(rng, 'colonoscopy'), site: 'home', day: rng.int(end - 9 * YEAR_DAYS - 300, last), performer: OUTSIDE_GI, visitRef: undefined, status: 'completed' });
      else if (r < 0.9) stoolTest(ctx, h, 'fobt', rng.int(start, last));
      else if (r < 0.98) stoolTest(ctx, h, 'sdna_fit', rng.int(end - 3 * YEAR_DAYS + 30, last));
      else if (r < 0.99) h.observations.push({ concept: codes.pick(rng, 'ct_colonography'), category: 'imaging', site: 'home', day: rng.int(end - 4 * YEAR_DAYS, last), minute: slot(rng), value: { kind: 'none' }, visitRef: undefined, isLab: false });
      else h.procedures.push({ concept: codes.pick(rng, 'flexible_sigmoidoscopy'), site: 'home', day: rng.int(end - 4 * YEAR_DAYS, last), performer: OUTSIDE_GI, visitRef: undefined, status: 'completed' });
    } else if (r < 0.25) {
      h.procedures.push({ concept: codes.pick(rng, 'colonoscopy'), site: 'home', day: end - rng.int(10 * YEAR_DAYS + 30, 14 * YEAR_DAYS), performer: OUTSIDE_GI, visitRef: undefined, status: 'completed' });
    } else if (r < 0.4) stoolTest(ctx, h, 'fobt', start - rng.int(30, 2 * YEAR_DAYS));
    h.procedures = h.procedures.filter((p) => p.day >= d.birthDay + 40 * YEAR_DAYS || p.concept.category !== 'colonoscopy');
  }

  // Cervical cancer screening (CMS124: women 24-64; cytology 3 y, or HPV test 5 y from age 30).
  if (female && age >= 21 && age <= 64 && !h.flags.has('hysterectomy') && rng.chance(0.58)) {
    const cotest = age >= 30 && rng.chance(0.5);
    const day = rng.int(end - (cotest ? 4 : 2) * YEAR_DAYS - 300, last);
    if (day > d.birthDay + 21 * YEAR_DAYS) {
      const visitRef = nearestVisit(h, day, 0);
      observe(h, visitRef, { concept: codes.pick(rng, 'pap_test'), category: 'laboratory', day, value: { kind: 'coded', coding: NEGATIVE(ref) }, isLab: true });
      if (cotest) observe(h, visitRef, { concept: codes.pick(rng, 'hpv_test'), category: 'laboratory', day, value: { kind: 'coded', coding: NEGATIVE(ref) }, isLab: true });
    }
  }

  // HIV screening ever (CMS349: 15-65, ~35%), and care for people living with HIV.
  if (age <= 66 && (h.flags.has('hiv') || rng.chance(0.36))) {
    const day = Math.max(d.birthDay + 16 * YEAR_DAYS, end - rng.int(0, 10 * YEAR_DAYS));
    if (day <= last) {
      const positive = h.flags.has('hiv');
      const value = ref.codes.get('test_result', positive ? 'positive' : 'negative').codings[0]!;
      observe(h, nearestVisit(h, day, 0), { concept: codes.pick(rng, 'hiv_test'), category: 'laboratory', day, value: { kind: 'coded', coding: value }, isLab: true });
    }
  }

  // STI testing for people living with HIV (CMS1188: chlamydia, gonorrhea and syphilis in the year, ~45%);
  // some get the syphilis serology alone.
  if (h.flags.has('hiv')) {
    const tests = rng.chance(0.45) ? ['chlamydia_test', 'gonorrhea_test', 'syphilis_test'] : rng.chance(0.3) ? ['syphilis_test'] : [];
    const day = rng.int(start, last);
    const visitRef = nearestVisit(h, day, 30);
    for (const category of tests) {
      const positive = rng.chance(0.04);
      observe(h, visitRef, { concept: codes.pick(rng, category), category: 'laboratory', day: visitRef === undefined ? day : h.visits[visitRef]!.day, value: { kind: 'coded', coding: ref.codes.get('test_result', positive ? 'positive' : 'negative').codings[0]! }, isLab: true });
    }
  }

  // Diabetic eye exam (CMS131: in the year, or the year before without retinopathy; ~57%), reported back by
  // the eye doctor and charted as an exam observation (QI-Core physical exam: category exam).
  if (h.flags.has('diabetes')) {
    const day = rng.chance(0.5) ? rng.int(start, last) : rng.chance(0.15) ? rng.int(start - YEAR_DAYS, start - 1) : undefined;
    if (day !== undefined) observe(h, undefined, { concept: codes.pick(rng, 'retinal_exam'), category: 'exam', day, minute: slot(rng), value: { kind: 'none' }, isLab: false });
  }
}

function stoolTest(ctx: Context, h: Draft, category: 'fobt' | 'sdna_fit', day: Day): void {
  const { rng, ref } = ctx;
  const positive = rng.chance(0.05);
  observe(h, nearestVisit(h, day, 0), { concept: ref.codes.pick(rng, category), category: 'laboratory', day, value: { kind: 'coded', coding: ref.codes.get('test_result', positive ? 'positive' : 'negative').codings[0]! }, isLab: true });
}

function drawMedications(ctx: Context, h: Draft, start: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const visitDays = h.visits.filter((v) => v.kind !== 'telephone').map((v) => v.day);
  const inYear = visitDays.filter((day) => day >= start);
  const authored = () => (inYear.length > 0 ? rng.pick(inYear) : visitDays.length > 0 ? rng.pick(visitDays) : start - rng.int(30, 300));
  const prescribe = (category: string, reasonFlag: string) => {
    const reason = h.conditions.find((c) => c.concept.category === reasonFlag);
    h.medications.push({
      concept: codes.pick(rng, category),
      site: 'home',
      authored: authored(),
      status: 'active',
      supplyDays: rng.pick([30, 90, 90]),
      reason: reason ? CodeBook.codingIn(reason.concept, 'ICD10CM') : undefined,
    });
  };
  const f = h.flags;
  const t1 = h.conditions.some((c) => c.concept.concept === 't1dm');
  if (f.has('diabetes') && !t1 && rng.chance(0.8)) prescribe('diabetes_medication', 'diabetes');
  if (f.has('hypertension') && rng.chance(0.85)) {
    prescribe('antihypertensive', 'hypertension');
    if (rng.chance(0.35)) prescribe('antihypertensive', 'hypertension');
  }
  if ((f.has('diabetes') && rng.chance(0.6)) || (f.has('hyperlipidemia') && rng.chance(0.7)) || (f.has('hypertension') && rng.chance(0.3))) {
    prescribe('statin', f.has('hyperlipidemia') ? 'hyperlipidemia' : 'diabetes');
  }
  if (f.has('depression') && rng.chance(0.6)) prescribe('antidepressant', 'depression');
  if (f.has('dementia_medication')) prescribe('dementia_medication', 'advanced_illness');
  for (const m of h.medications) if (m.authored > last) m.authored = last;
}

function drawImmunizations(ctx: Context, h: Draft, age: number, start: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const d = ctx.person.demographics;
  const flu = age >= 65 ? 0.7 : 0.45;
  // The flu season that ends in the year (Sep-Dec of the year before) and the one that starts in it.
  for (const [from, to] of [[start - 120, start - 1], [start + 243, start + 364]] as const) {
    if (to <= last && rng.chance(flu)) h.immunizations.push({ concept: codes.pick(rng, age >= 65 && rng.chance(0.6) ? 'influenza_vaccine_65' : 'influenza_vaccine'), site: 'home', day: rng.int(from, to), });
  }
  if (age >= 65 && rng.chance(0.65)) {
    const at65 = d.birthDay + 65 * YEAR_DAYS;
    h.immunizations.push({ concept: codes.pick(rng, 'pneumococcal_vaccine'), site: 'home', day: Math.min(last, at65 + rng.int(0, 2 * YEAR_DAYS)) });
  }
  if (rng.chance(0.5)) h.immunizations.push({ concept: codes.get('tdap_vaccine', '115'), site: 'home', day: Math.min(last, start - rng.int(0, 9 * YEAR_DAYS)) });
  if (age >= 50 && rng.chance(0.35)) {
    const first = Math.min(last - 90, start - rng.int(-200, 5 * YEAR_DAYS));
    if (first > d.birthDay + 50 * YEAR_DAYS) {
      h.immunizations.push({ concept: codes.get('zoster_vaccine', '187'), site: 'home', day: first });
      h.immunizations.push({ concept: codes.get('zoster_vaccine', '187'), site: 'home', day: first + rng.int(60, 180) });
    }
  }
  h.immunizations.sort((a, b) => a.day - b.day);
}

/** Events that exclude a patient from measures: hospice, palliative care, frailty, pregnancy, ESRD, surgery history. */
function drawExclusionEvents(ctx: Context, h: Draft, start: Day, last: Day): void {
  const { rng, ref } = ctx;
  const codes = ref.codes;
  const f = h.flags;
  const inYear = h.visits.map((v, i) => [v, i] as const).filter(([v]) => v.day >= start && v.kind !== 'telephone');
  const diagnoseAtVisit = (concept: Concept, abatementDays?: number) => {
    const [visit, i] = inYear.length > 0 ? rng.pick(inYear) : [undefined, undefined];
    const day = visit?.day ?? rng.int(start, last);
    const index = h.conditions.length;
    h.conditions.push({ concept, site: 'home', onset: day, abatement: abatementDays === undefined ? undefined : day + abatementDays, category: 'encounter-diagnosis', visitRef: i });
    if (visit) {
      visit.conditionRefs.push(index);
      visit.diagnoses.push(concept.codings.find((c) => c.system === 'ICD10CM')!);
    }
  };
  if (f.has('hospice')) {
    const day = Math.max(start, (h.deathDay ?? last) - rng.int(5, 120));
    const visit = addVisit(ctx, h, { kind: 'hospice', day, code: codes.get('hospice_encounter', 'admission'), classCode: 'HH', performer: { kind: 'outside', serial: 40 + rng.int(0, 9) } });
    h.procedures.push({ concept: codes.get('hospice_care', 'hospice'), site: 'home', day, performer: { kind: 'outside', serial: 40 }, visitRef: visit, status: 'completed' });
  }
  if (f.has('palliative')) {
    const day = rng.int(start, last);
    addVisit(ctx, h, { kind: 'palliative', day, code: codes.get('palliative_encounter', 'consult'), classCode: 'AMB', performer: { kind: 'outside', serial: 50 + rng.int(0, 4) } });
    diagnoseAtVisit(codes.get('palliative_diagnosis', 'z515'));
  }
  if (f.has('frailty')) diagnoseAtVisit(codes.pick(rng, 'frailty'));
  if (f.has('advanced_illness')) diagnoseAtVisit(h.conditions.find((c) => c.concept.category === 'advanced_illness')!.concept);
  if (f.has('pregnancy')) diagnoseAtVisit(codes.get('pregnancy', 'incidental'), 200);
  if (f.has('esrd')) {
    for (const day of pickDays(rng, 3, start, last)) {
      h.procedures.push({ concept: codes.get('dialysis', 'hemodialysis'), site: 'home', day, performer: { kind: 'specialist', specialty: '39' }, visitRef: undefined, status: 'completed' });
    }
  }
  if (f.has('hysterectomy')) {
    const day = Math.max(ctx.person.demographics.birthDay + 25 * YEAR_DAYS, start - rng.int(1, 20) * YEAR_DAYS);
    h.procedures.push({ concept: codes.pick(rng, 'hysterectomy'), site: 'home', day, performer: { kind: 'specialist', specialty: '16' }, visitRef: undefined, status: 'completed' });
    if (rng.chance(0.5)) h.conditions.push({ concept: codes.get('absence_of_cervix', 'z90710'), site: 'home', onset: day, abatement: undefined, category: 'problem-list-item', visitRef: undefined });
  }
  if (f.has('colon_cancer') && rng.chance(0.4)) {
    const cancer = h.conditions.find((c) => c.concept.category === 'colon_cancer')!;
    h.procedures.push({ concept: codes.get('total_colectomy', '44150'), site: 'home', day: cancer.onset + rng.int(14, 60), performer: OUTSIDE_GI, visitRef: undefined, status: 'completed' });
  }
  h.procedures.sort((a, b) => a.day - b.day);
}

/** Move part of the story to the second practice: some visits (at least one) with what was done at them. */
function assignSecondSite(ctx: Context, h: Draft, start: Day): void {
  const { rng, ref } = ctx;
  const office = h.visits.map((v, i) => [v, i] as const).filter(([v]) => v.kind === 'office' || v.kind === 'telehealth' || v.kind === 'preventive');
  let moved = office.filter(() => rng.chance(0.35)).map(([, i]) => i);
  if (moved.length === 0) {
    if (office.length > 0) moved = [rng.pick(office)[1]];
    else moved = [addVisit(ctx, h, { kind: 'office', day: start + rng.int(0, 300), code: ref.codes.pick(rng, 'office_est'), classCode: 'AMB', performer: { kind: 'pcp' } })];
  }
  const first = Math.min(...moved.map((i) => h.visits[i]!.day));
  for (const i of moved) {
    const v = h.visits[i]!;
    v.site = 'second';
    // The first visit at a new practice is billed as a new-patient visit.
    if (v.day === first && v.kind === 'office') v.code = ref.codes.pick(rng, 'office_new');
  }
  const atSecond = (ref?: number) => ref !== undefined && h.visits[ref]!.site === 'second';
  for (const o of h.observations) if (atSecond(o.visitRef)) o.site = 'second';
  for (const p of h.procedures) if (atSecond(p.visitRef)) p.site = 'second';
  for (const c of h.conditions) if (atSecond(c.visitRef)) c.site = 'second';
  // Results that came from elsewhere land at either practice; the second keeps its own problem list.
  for (const o of h.observations) if (o.visitRef === undefined && rng.chance(0.25)) o.site = 'second';
  const copies: ProblemEntry[] = h.conditions.filter((c) => c.category === 'problem-list-item' && rng.chance(0.6)).map((c) => ({ ...c, site: 'second' as Site }));
  h.conditions.push(...copies);
  for (const m of h.medications.filter(() => rng.chance(0.5))) h.medications.push({ ...m, site: 'second' });
}

