// A worklist's rows read straight from the Arrow table's columns: filtering and sorting produce an index
// order (Uint32Array) over the table, so 100k gaps are never copied into objects.
import type { Table, Vector } from 'apache-arrow';
import { WORKLIST_COLUMNS, type WorklistColumn } from '../api/worklist.ts';
import { formatDate } from '../format.ts';

/** Dates arrive as Arrow DateDay (epoch milliseconds); shown and exported as YYYY-MM-DD. */
const DATE_COLUMNS = new Set<WorklistColumn>(['birth_date', 'evidence_date', 'close_by', 'last_visit']);

export class GapRows {
  private readonly columns: Map<WorklistColumn, Vector | null>;
  readonly count: number;

  constructor(table: Table) {
    this.columns = new Map(WORKLIST_COLUMNS.map((c) => [c, table.getChild(c)]));
    this.count = table.numRows;
  }

  /** The raw cell (epoch ms for dates, text otherwise; null when empty or absent). */
  value(column: WorklistColumn, row: number): string | number | null {
    const v = this.columns.get(column)?.get(row) as unknown;
    if (v === null || v === undefined) return null;
    return typeof v === 'number' || typeof v === 'string' ? v : String(v);
  }

  /** The cell as shown and exported. */
  text(column: WorklistColumn, row: number): string {
    const v = this.value(column, row);
    if (v === null) return '';
    return DATE_COLUMNS.has(column) ? formatDate(v) : String(v);
  }

  /** Distinct values of a column, sorted (for filter options). */
  distinct(column: WorklistColumn): string[] {
    const seen = new Set<string>();
    for (let i = 0; i < this.count; i++) {
      const v = this.value(column, i);
      if (v !== null) seen.add(String(v));
    }
    return [...seen].sort();
  }

  /** Row indices passing `filter` (column = value), ordered by `sort` (stable; nulls last). */
  order(filter: { column: WorklistColumn; value: string } | null, sort: { key: WorklistColumn; dir: 'asc' | 'desc' } | null): Uint32Array {
    const rows: number[] = [];
    for (let i = 0; i < this.count; i++) if (!filter || String(this.value(filter.column, i)) === filter.value) rows.push(i);
    if (sort) {
      const keys = rows.map((i) => this.value(sort.key, i));
      const sign = sort.dir === 'asc' ? 1 : -1;
      const positions = rows.map((_, p) => p);
      // Plain < on strings (code-unit order): localeCompare would make a 100k-row sort take seconds.
      positions.sort((a, b) => {
        const ka = keys[a] ?? null;
        const kb = keys[b] ?? null;
        if (ka === kb) return a - b;
        if (ka === null) return 1;
        if (kb === null) return -1;
        return (ka < kb ? -1 : 1) * sign;
      });
      return Uint32Array.from(positions, (p) => rows[p]!);
    }
    return Uint32Array.from(rows);
  }
}

/**
 * RFC 4180 CSV of the rows in `order`, every column. Cells starting with = + - @ (or tab/CR) get a leading
 * apostrophe so a spreadsheet does not run them as formulas (OWASP, "CSV Injection").
 */
export function toCsv(rows: GapRows, order: Uint32Array): string {
  const cell = (text: string) => {
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [WORKLIST_COLUMNS.join(',')];
  for (const i of order) lines.push(WORKLIST_COLUMNS.map((c) => cell(rows.text(c, i))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
