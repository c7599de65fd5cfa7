// The committed lookup tables the generator draws from: data/codes.csv (real codes, see extract-codes.ts),
// data/names.csv (common US names) and data/zips.csv (central Ohio ZIP codes). Loaded once per run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rng } from './random.ts';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');

/** A coding with the canonical code-system name (LOINC, SNOMEDCT, ICD10CM, CPT, HCPCS, RXNORM, CVX, CDCREC, SOP, ...). */
export interface Coding {
  system: string;
  code: string;
  display: string;
}

/** One clinical idea with its codings in one or more systems (e.g. ICD-10-CM E11.9 and SNOMED 44054006). */
export interface Concept {
  category: string;
  concept: string;
  weight: number;
  codings: Coding[];
}

/** Fields of one RFC 4180 record (the tables here hold no line breaks inside fields). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function readTable(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(DATA, file), 'utf8').split('\n').filter((l) => l.length > 0);
  const names = parseCsvLine(header!);
  return lines.map((line) => {
    const values = parseCsvLine(line);
    return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
  });
}

export class CodeBook {
  private readonly byCategory = new Map<string, Concept[]>();

  constructor() {
    for (const row of readTable('codes.csv')) {
      const list = this.byCategory.get(row.category!) ?? [];
      this.byCategory.set(row.category!, list);
      let concept = list.find((c) => c.concept === row.concept);
      if (!concept) {
        concept = { category: row.category!, concept: row.concept!, weight: Number(row.weight), codings: [] };
        list.push(concept);
      }
      concept.codings.push({ system: row.code_system!, code: row.code!, display: row.display! });
    }
  }

  concepts(category: string): Concept[] {
    const list = this.byCategory.get(category);
    if (!list) throw new Error(`codes.csv has no category ${category}`);
    return list;
  }

  get(category: string, concept: string): Concept {
    const found = this.concepts(category).find((c) => c.concept === concept);
    if (!found) throw new Error(`codes.csv has no concept ${category}/${concept}`);
    return found;
  }

  pick(rng: Rng, category: string): Concept {
    return rng.weighted(this.concepts(category), (c) => c.weight);
  }

  /** The concept's coding in one system (e.g. the ICD-10-CM one of a condition), if it has one. */
  static codingIn(concept: Concept, system: string): Coding | undefined {
    return concept.codings.find((c) => c.system === system);
  }
}

export interface WeightedName {
  name: string;
  weight: number;
  nickname: string;
  /** hispanic | asian | black when the name is markedly more common in that group; empty otherwise. */
  group: string;
}

export interface Zip {
  zip: string;
  city: string;
  state: string;
}

export interface ReferenceData {
  codes: CodeBook;
  surnames: WeightedName[];
  male: WeightedName[];
  female: WeightedName[];
  streets: string[];
  streetSuffixes: string[];
  zips: Zip[];
}

export function loadReferenceData(): ReferenceData {
  const names = readTable('names.csv');
  const of = (kind: string) =>
    names
      .filter((r) => r.kind === kind)
      .map((r) => ({ name: r.name!, weight: Number(r.weight), nickname: r.nickname!, group: r.group! }));
  return {
    codes: new CodeBook(),
    surnames: of('surname'),
    male: of('male'),
    female: of('female'),
    streets: of('street').map((r) => r.name),
    streetSuffixes: of('street_suffix').map((r) => r.name),
    zips: readTable('zips.csv').map((r) => ({ zip: r.zip!, city: r.city!, state: r.state! })),
  };
}
