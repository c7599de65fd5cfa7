// How a second practice records the same person: a different MRN always, and one or two of the differences
// real registration desks produce (a nickname, a typo, a move, a new phone, a married name, a missing middle
// name, rarely a day/month swap in the birth date). The MBI is kept when the second EHR captures it at all.
import { civil, dayOf } from './calendar.ts';
import type { Demographics } from './model.ts';
import type { Person } from './person.ts';
import type { Rng } from './random.ts';
import type { ReferenceData } from './reference-data.ts';

export type VariantKind = 'nickname' | 'typo' | 'moved' | 'phone' | 'married-name' | 'no-middle' | 'dob-swap';

function typo(rng: Rng, text: string): string {
  if (text.length < 3) return text + text[text.length - 1];
  const i = rng.int(1, text.length - 2);
  switch (rng.int(0, 2)) {
    case 0: // transposed letters
      return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
    case 1: // dropped letter
      return text.slice(0, i) + text.slice(i + 1);
    default: // doubled letter
      return text.slice(0, i) + text[i] + text.slice(i);
  }
}

export function secondRecord(rng: Rng, ref: ReferenceData, person: Person): { demographics: Demographics; variants: VariantKind[] } {
  const d: Demographics = { ...person.demographics, address: { ...person.demographics.address } };
  const variants: VariantKind[] = [];
  const wanted = rng.chance(0.3) ? 2 : 1;
  for (let tries = 0; variants.length < wanted && tries < 10; tries++) {
    const kind = rng.weighted<[VariantKind, number]>(
      [['nickname', 25], ['typo', 22], ['moved', 22], ['phone', 15], ['married-name', 4], ['no-middle', 9], ['dob-swap', 3]],
      ([, w]) => w,
    )[0];
    if (variants.includes(kind)) continue;
    if (kind === 'nickname') {
      if (!person.nickname) continue;
      d.given = person.nickname;
    } else if (kind === 'typo') {
      if (rng.chance(0.5)) d.family = typo(rng, d.family);
      else d.given = typo(rng, d.given);
    } else if (kind === 'moved') {
      const zip = rng.pick(ref.zips);
      d.address = { line: `${rng.int(10, 9899)} ${rng.pick(ref.streets)} ${rng.pick(ref.streetSuffixes)}`, city: zip.city, state: zip.state, zip: zip.zip };
    } else if (kind === 'phone') {
      d.phone = `${rng.chance(0.5) ? '614' : '380'}-${rng.int(200, 989)}-${String(rng.int(0, 9999)).padStart(4, '0')}`;
    } else if (kind === 'married-name') {
      if (d.sex !== 'female') continue;
      d.family = `${d.family}-${rng.weighted(ref.surnames, (n) => n.weight).name}`;
    } else if (kind === 'no-middle') {
      if (!d.middle) continue;
      d.middle = '';
    } else {
      const [y, m, day] = civil(d.birthDay);
      if (day > 12 || day === m) continue;
      d.birthDay = dayOf(y, day, m);
    }
    variants.push(kind);
  }
  return { demographics: d, variants };
}
