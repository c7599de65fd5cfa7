// Worklist rows read from Arrow columns (client/src/lib/worklist/gaps.ts): filter and sort orders, and the
// CSV download with formula-safe cells.
import { DateDay, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { GapRows, toCsv } from '../../client/src/lib/worklist/gaps.ts';

const text = (values: (string | null)[]) => vectorFromArray(values, new Utf8());
const dates = (values: (string | null)[]) => vectorFromArray(values.map((v) => (v === null ? null : new Date(`${v}T00:00:00Z`))), new DateDay());

function rows(): GapRows {
  return new GapRows(
    new Table({
      patient_id: text(['a', 'b', 'c']),
      patient_name: text(['SMITH, Ann', '=HYPERLINK("x")', 'JONES, "Bo"']),
      birth_date: dates(['1950-01-02', null, '1970-12-31']),
      gap_reason: text(['NotFound', 'ValueOutOfRange', 'NotFound']),
      close_by: dates(['2026-12-31', '2026-06-30', null]),
    }),
  );
}

describe('worklist rows', () => {
  it('reads dates as YYYY-MM-DD and absent columns as empty', () => {
    const r = rows();
    expect(r.text('birth_date', 0)).toBe('1950-01-02');
    expect(r.text('birth_date', 1)).toBe('');
    expect(r.text('provider_id', 0)).toBe('');
    expect(r.distinct('gap_reason')).toEqual(['NotFound', 'ValueOutOfRange']);
  });

  it('filters by a value and sorts with nulls last in either direction', () => {
    const r = rows();
    expect([...r.order({ column: 'gap_reason', value: 'NotFound' }, null)]).toEqual([0, 2]);
    expect([...r.order(null, { key: 'close_by', dir: 'asc' })]).toEqual([1, 0, 2]);
    expect([...r.order(null, { key: 'close_by', dir: 'desc' })]).toEqual([0, 1, 2]);
  });

  it('writes RFC 4180 CSV and defuses cells a spreadsheet would run as formulas', () => {
    const r = rows();
    const lines = toCsv(r, r.order(null, null)).split('\r\n');
    expect(lines[0]!.startsWith('patient_id,patient_name,birth_date,')).toBe(true);
    expect(lines[1]!.startsWith('a,"SMITH, Ann",1950-01-02,')).toBe(true);
    expect(lines[2]!.startsWith(`b,"'=HYPERLINK(""x"")",,`)).toBe(true);
    expect(lines[3]!.startsWith('c,"JONES, ""Bo""",1970-12-31,')).toBe(true);
    expect(lines).toHaveLength(5); // header, three rows, and the final line break
  });
});
