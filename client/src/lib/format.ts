// Display formats, one place: counts with thousands separators, timestamps in UTC (as stored).
const count = new Intl.NumberFormat('en-US');

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : count.format(n));

/** "2026-03-02T10:00:00.000Z" → "2026-03-02 10:00 UTC" */
export const formatTimestamp = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '–');
