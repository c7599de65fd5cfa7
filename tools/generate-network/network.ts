// The shape of the IPA before any patient is drawn: its practices (size, EHR, providers, catchment ZIPs), which
// persons are also seen at a second practice, and which persons share a household or are twins of the person
// before them. All of it comes from one seeded stream, so it is the same on every run with the same options.
import { npi, tin } from './identifiers.ts';
import { PROFILE_ROTATION, type EhrProfile } from './ehr-profiles.ts';
import { Rng } from './random.ts';
import type { Coding, ReferenceData, Zip } from './reference-data.ts';
import type { Sex } from './model.ts';

export interface Provider {
  sourceId: string;
  npi: string;
  family: string;
  given: string;
  sex: Sex;
  /** CMS specialty code (01, 08, 11, 38 primary care; 50 NP, 97 PA; specialists otherwise). */
  specialty: string;
  taxonomy: Coding;
  isPcp: boolean;
}

export interface Practice {
  index: number;
  id: string;
  name: string;
  tin: string;
  npi: string;
  profile: EhrProfile;
  /** Persons whose home practice this is: [firstPerson, firstPerson + size). */
  firstPerson: number;
  size: number;
  providers: Provider[];
  catchment: Zip[];
}

/** How a person relates to the person before them in the same practice. */
export const Relation = { None: 0, Household: 1, Twin: 2 } as const;

export interface NetworkPlan {
  seed: string;
  year: number;
  persons: number;
  practices: Practice[];
  /** Second practice index per person, -1 when seen at one practice only. */
  secondPractice: Int32Array;
  /** Persons seen at each practice as their second one, ascending. */
  visitors: number[][];
  relation: Uint8Array;
  /** NPIs of clinicians outside every member practice (specialists, radiologists, hospitalists). */
  outsideNpis: string[];
  /** Scatters serial numbers into NPIs and MBIs for this seed. */
  identifierOffset: number;
}

/** Share of persons with a second practice (brief: 5-10%); twins and households among the others. */
export const SECOND_PRACTICE_SHARE = 0.075;
const TWIN_SHARE = 0.003;
const HOUSEHOLD_SHARE = 0.1;

const PLACES = ['Olentangy', 'Scioto', 'Darby Creek', 'Alum Creek', 'Big Walnut', 'Hocking Valley', 'Licking Valley', 'Buckeye', 'German Village', 'Clintonville', 'Worthington', 'Bexley', 'Westerville', 'Hilliard', 'Pickerington', 'Delaware County', 'Grove City', 'Gahanna', 'Dublin', 'Canal Winchester'];
const KINDS = ['Family Medicine', 'Internal Medicine Associates', 'Primary Care', 'Family Physicians', 'Medical Group', 'Adult & Geriatric Medicine', 'Family Health Center', 'Internists'];
const PCP_SPECIALTIES: readonly [string, number][] = [['08', 45], ['11', 35], ['01', 5], ['38', 5], ['50', 7], ['97', 3]];
const SPECIALISTS = ['06', '46', '16', '26', '29', '39'];

export function practiceCount(persons: number): number {
  return Math.min(500, Math.max(12, Math.round(persons / 420)));
}

/**
 * Practice sizes: a floor of 30% of the mean plus a log-normal spread (z evenly over +-2), shuffled, summing
 * exactly to the number of persons. With 5,000 persons in 12 practices: about 150 to 1,300 patients.
 */
function practiceSizes(rng: Rng, count: number, persons: number): number[] {
  const floor = Math.floor((0.3 * persons) / count);
  const z = Array.from({ length: count }, (_, i) => (count === 1 ? 0 : -2 + (4 * i) / (count - 1)));
  for (let i = z.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [z[i], z[j]] = [z[j]!, z[i]!];
  }
  const weights = z.map(Math.exp);
  const total = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => floor + (w / total) * (persons - floor * count));
  const sizes = raw.map(Math.floor);
  let left = persons - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    sizes[i]!++;
  }
  return sizes;
}

function providers(rng: Rng, ref: ReferenceData, practiceIndex: number, size: number, serial: () => number, offset: number): Provider[] {
  const pcpCount = Math.min(12, Math.max(2, Math.round(size / 180) + 1));
  const specialties: string[] = [];
  for (let i = 0; i < pcpCount; i++) specialties.push(rng.weighted(PCP_SPECIALTIES, ([, w]) => w)[0]);
  // Physicians first so every practice has at least one MD/DO as PCP.
  if (!specialties.some((s) => s !== '50' && s !== '97')) specialties[0] = '08';
  if (pcpCount >= 5 && rng.chance(0.4)) {
    const extra = rng.int(1, 2);
    for (let i = 0; i < extra && specialties.length < 12; i++) specialties.push(rng.pick(SPECIALISTS));
  }
  return specialties.map((specialty, i) => {
    const sex: Sex = rng.chance(0.5) ? 'female' : 'male';
    const given = rng.weighted(sex === 'female' ? ref.female : ref.male, (n) => n.weight).name;
    const family = rng.weighted(ref.surnames, (n) => n.weight).name;
    const taxonomy = ref.codes.get('provider_taxonomy', specialty).codings[0]!;
    return {
      sourceId: `${practiceIndex + 1}${String(i + 1).padStart(3, '0')}`,
      npi: npi(serial(), 'individual', offset),
      family,
      given,
      sex,
      specialty,
      taxonomy,
      isPcp: !SPECIALISTS.includes(specialty),
    };
  });
}

export function planNetwork(ref: ReferenceData, options: { seed: string; year: number; persons: number; practices?: number }): NetworkPlan {
  const rng = new Rng(options.seed, 'network');
  const count = options.practices ?? practiceCount(options.persons);
  const sizes = practiceSizes(rng, count, options.persons);
  const identifierOffset = rng.int(0, 2 ** 40);
  let npiSerial = 0;
  const nextSerial = () => npiSerial++;
  const width = String(count).length < 2 ? 2 : String(count).length;
  const usedNames = new Set<string>();
  let firstPerson = 0;
  const practices: Practice[] = sizes.map((size, index) => {
    let name = '';
    do name = `${rng.pick(PLACES)} ${rng.pick(KINDS)}`;
    while (usedNames.has(name) && usedNames.size < PLACES.length * KINDS.length);
    usedNames.add(name);
    const center = rng.int(0, ref.zips.length - 1);
    const catchment = Array.from({ length: 6 }, (_, k) => ref.zips[(center + k * 3) % ref.zips.length]!);
    const practice: Practice = {
      index,
      id: `P${String(index + 1).padStart(width, '0')}`,
      name,
      tin: tin(rng),
      npi: npi(nextSerial(), 'organization', identifierOffset),
      profile: PROFILE_ROTATION[index % PROFILE_ROTATION.length]!,
      firstPerson,
      size,
      providers: providers(rng, ref, index, size, nextSerial, identifierOffset),
      catchment,
    };
    firstPerson += size;
    return practice;
  });
  const outsideNpis = Array.from({ length: 120 }, () => npi(nextSerial(), 'individual', identifierOffset));

  const secondPractice = new Int32Array(options.persons).fill(-1);
  const relation = new Uint8Array(options.persons);
  const visitors: number[][] = practices.map(() => []);
  for (const practice of practices) {
    for (let p = practice.firstPerson; p < practice.firstPerson + practice.size; p++) {
      if (count > 1 && rng.chance(SECOND_PRACTICE_SHARE)) {
        // Mostly a neighbouring practice (same part of town), sometimes anywhere in the network.
        const step = rng.chance(0.7) ? rng.pick([1, 2, count - 1, count - 2]) : rng.int(1, count - 1);
        const second = (practice.index + (step % count || 1)) % count;
        secondPractice[p] = second;
        visitors[second]!.push(p);
      }
      if (p > practice.firstPerson && relation[p - 1] === Relation.None) {
        const r = rng.next();
        if (r < TWIN_SHARE) relation[p] = Relation.Twin;
        else if (r < TWIN_SHARE + HOUSEHOLD_SHARE) relation[p] = Relation.Household;
      }
    }
  }
  for (const list of visitors) list.sort((a, b) => a - b);
  return { seed: options.seed, year: options.year, persons: options.persons, practices, secondPractice, visitors, relation, outsideNpis, identifierOffset };
}

/** Home practice of a person (practices hold contiguous blocks of persons). */
export function homePracticeOf(plan: NetworkPlan, person: number): Practice {
  let lo = 0;
  let hi = plan.practices.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.practices[mid]!.firstPerson <= person) lo = mid;
    else hi = mid - 1;
  }
  return plan.practices[lo]!;
}
