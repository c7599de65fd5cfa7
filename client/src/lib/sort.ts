// Sorting table rows on the client (a few hundred practices/providers; worklists sort an index array).
export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

/** The next sort after a header click: the same column flips, a new one starts ascending. */
export const nextSort = (sort: SortState, key: string): SortState =>
  sort.key === key ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };

/** Compare two cell values: nulls last in either direction, numbers numerically, text by locale. */
export function compareValues(a: unknown, b: unknown, dir: 'asc' | 'desc'): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return dir === 'asc' ? order : -order;
}
