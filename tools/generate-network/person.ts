// Who a person is: demographics drawn from their own seeded streams. The household part (family name, race,
// ethnicity, address, phone) and the birth date have streams of their own so that a spouse or a twin can
// share them with the person before them, and a person can be regenerated alone.
import { ageOn, dayOf, type Day } from './calendar.ts';
import { mbi } from './identifiers.ts';
import type { Address, Demographics, Sex } from './model.ts';
import { Relation, type NetworkPlan, type Practice } from './network.ts';
import { Rng } from './random.ts';
import type { Coding, ReferenceData, WeightedName } from './reference-data.ts';

// Adult primary-care panel, age at the end of the measurement year (weights per band; a third are 65+).
const AGE_BANDS: readonly [number, number, number][] = [
  [18, 24, 8], [25, 34, 13], [35, 44, 14], [45, 54, 15], [55, 64, 17], [65, 74, 18], [75, 84, 10], [85, 95, 5],
];
// US adults by OMB race (ACS-like shares) and Hispanic ethnicity; a few records carry no race or ethnicity.
const RACES: readonly [string, number][] = [['white', 66], ['black', 14], ['asian', 6], ['aian', 1], ['nhpi', 0.3], ['other', 6], ['', 6.7]];

interface Household {
  family: string;
  race: Coding | undefined;
  ethnicity: Coding | undefined;
  group: string;
  address: Address;
  phone: string;
}

function household(plan: NetworkPlan, ref: ReferenceData, practice: Practice, person: number): Household {
  const rng = new Rng(plan.seed, 'household', person);
  const raceKey = rng.weighted(RACES, ([, w]) => w)[0];
  const race = raceKey ? ref.codes.get('race', raceKey).codings[0] : undefined;
  const hispanic = rng.chance(raceKey === 'other' ? 0.6 : 0.12);
  const ethnicity = rng.chance(0.95) ? ref.codes.get('ethnicity', hispanic ? 'hispanic' : 'not_hispanic').codings[0] : undefined;
  const group = hispanic ? 'hispanic' : raceKey === 'asian' ? 'asian' : raceKey === 'black' ? 'black' : '';
  const family = groupName(rng, ref.surnames, group, 0.7);
  const zip = rng.chance(0.8) ? rng.pick(practice.catchment) : rng.pick(ref.zips);
  const line = `${rng.int(10, 9899)} ${rng.pick(ref.streets)} ${rng.pick(ref.streetSuffixes)}`;
  const area = zip.zip.startsWith('432') || rng.chance(0.5) ? '614' : '740';
  const phone = `${area}-${rng.int(200, 989)}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
  return { family, race, ethnicity, group, address: { line, city: zip.city, state: zip.state, zip: zip.zip }, phone };
}

/** A name, from the group's own names with probability `share` when the group has any. */
function groupName(rng: Rng, names: readonly WeightedName[], group: string, share: number): string {
  const own = group ? names.filter((n) => n.group === group) : [];
  const pool = own.length > 0 && rng.chance(share) ? own : names;
  return rng.weighted(pool, (n) => n.weight).name;
}

function birthDay(plan: NetworkPlan, person: number): Day {
  const rng = new Rng(plan.seed, 'birth', person);
  const [lo, hi] = rng.weighted(AGE_BANDS, ([, , w]) => w);
  const age = rng.int(lo, hi);
  return dayOf(plan.year - age, 12, 31) - rng.int(0, 364);
}

export interface Person {
  index: number;
  demographics: Demographics;
  group: string;
  /** Entitled to Medicare by the end of the year (65+, or disability/ESRD under 65). */
  medicare: boolean;
  /** Nickname of the given name, if it has a common one. */
  nickname: string;
}

export function makePerson(plan: NetworkPlan, ref: ReferenceData, practice: Practice, person: number): Person {
  const rel = plan.relation[person];
  const shared = rel === Relation.None ? person : person - 1;
  const home = household(plan, ref, practice, shared);
  const birth = birthDay(plan, rel === Relation.Twin ? shared : person);
  const rng = new Rng(plan.seed, 'person', person);
  const drawn = sexAndGiven(rng, ref, home.group);
  const { sex } = drawn;
  const names = sex === 'female' ? ref.female : ref.male;
  let given = drawn.given;
  if (rel === Relation.Twin) {
    // A twin shares birth date, family and address with the person before, never the given name.
    const sibling = sexAndGiven(new Rng(plan.seed, 'person', shared), ref, home.group).given;
    while (given === sibling) given = groupName(rng, names, home.group, 0.35);
  }
  const entry = names.find((n) => n.name === given)!;
  const middle = rng.chance(0.7) ? groupName(rng, names, home.group, 0.2) : '';
  const ageEnd = ageOn(birth, dayOf(plan.year, 12, 31));
  const medicare = ageEnd >= 65 || rng.chance(0.03);
  return {
    index: person,
    demographics: {
      given,
      middle,
      family: home.family,
      sex,
      birthDay: birth,
      race: home.race,
      ethnicity: home.ethnicity,
      address: home.address,
      phone: home.phone,
      mbi: medicare ? mbi(person, plan.identifierOffset) : undefined,
    },
    group: home.group,
    medicare,
    nickname: entry.nickname,
  };
}

/** The first draws of a person's stream (so a twin can recompute its sibling's given name). */
function sexAndGiven(rng: Rng, ref: ReferenceData, group: string): { sex: Sex; given: string } {
  const sex: Sex = rng.chance(0.56) ? 'female' : 'male';
  return { sex, given: groupName(rng, sex === 'female' ? ref.female : ref.male, group, 0.35) };
}
