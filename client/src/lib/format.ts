// Display formats, one place: counts with thousands separators, percentages with one decimal, timestamps in UTC (as stored).
const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : count.format(n));

/** A rate in percent (0-100): 70.3704 → "70.4%" */
export const formatPercent = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : `${percent.format(n)}%`);

/** "2026-03-02T10:00:00.000Z" → "2026-03-02 10:00 UTC" */
export const formatTimestamp = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '–');
