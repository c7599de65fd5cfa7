// CCLF fixed-width records from named values, by the CCLF Information Packet layout the loader reads too
// (refdata/cclf/cclf_layouts.csv): text fields left-aligned and blank-padded, 9(n) fields right-aligned and
// zero-padded, amounts "-9(n).99" as a signed, zero-padded decimal, dates YYYY-MM-DD.
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../../server/config.ts';

export interface CclfField {
  name: string;
  start: number;
  length: number;
  type: string;
}

export type CclfValues = Record<string, string | number | undefined>;

/** One CCLF file kind's fields in record order. */
export class CclfLayout {
  readonly length: number;
  private readonly byName: Map<string, CclfField>;

  constructor(
    readonly kind: string,
    readonly fields: CclfField[],
  ) {
    this.length = Math.max(...fields.map((f) => f.start + f.length - 1));
    this.byName = new Map(fields.map((f) => [f.name, f]));
  }

  /** The record of these values (unnamed fields blank); throws on a name the layout lacks or a value too long. */
  record(values: CclfValues): string {
    for (const name of Object.keys(values)) if (!this.byName.has(name)) throw new Error(`${this.kind} has no field ${name}`);
    return this.fields.map((f) => format(f, values[f.name])).join('') + '\n';
  }
}

function format(field: CclfField, value: string | number | undefined): string {
  if (value === undefined || value === '') return ' '.repeat(field.length);
  let text: string;
  if (typeof value === 'number') {
    // Places after the point of a "-9(13).99" picture; numbers in X(n) fields (CCLF5's amounts) carry two.
    const picture = /\.(9+)$/.exec(field.type);
    const decimals = picture ? picture[1]!.length : field.type.toUpperCase().startsWith('X') ? 2 : 0;
    const digits = Math.abs(value).toFixed(decimals);
    text = (value < 0 ? '-' : '') + digits.padStart(field.length - (value < 0 ? 1 : 0), '0');
  } else text = value;
  if (text.length > field.length) throw new Error(`${field.name}: "${text}" is longer than ${field.length}`);
  return typeof value === 'number' ? text : text.padEnd(field.length, ' ');
}

/** The layouts of the given CCLF kinds from the packet table. */
export function readCclfLayouts(kinds: readonly string[], file = path.join(config.CALIPER_REFDATA, 'cclf', 'cclf_layouts.csv')): Map<string, CclfLayout> {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = (name: string) => header.indexOf(name);
  const fields = new Map<string, CclfField[]>(kinds.map((k) => [k, []]));
  for (const line of lines.slice(1)) {
    // Only the first eight columns are read; the description (last) may hold quoted commas.
    const cells = line.split(',');
    const list = fields.get(cells[col('file')]!);
    if (!list) continue;
    list.push({ name: cells[col('field_name')]!, start: Number(cells[col('start')]), length: Number(cells[col('length')]), type: cells[col('data_type')]! });
  }
  return new Map([...fields].map(([k, f]) => [k, new CclfLayout(k, f.sort((a, b) => a.start - b.start))]));
}
