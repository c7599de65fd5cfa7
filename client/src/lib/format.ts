// Display formats, one place: counts with thousands separators, percentages with one decimal, timestamps in UTC (as stored).
const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : count.format(n));

/** A rate in percent (0-100): 70.3704 → "70.4%" */
export const formatPercent = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : `${percent.format(n)}%`);

/** "2026-03-02T10:00:00.000Z" → "2026-03-02 10:00 UTC" */
export const formatTimestamp = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '–');

/** "2026-03-31" (or epoch ms from Arrow) → "2026-03-31" */
export function formatDate(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  return typeof value === 'number' ? new Date(value).toISOString().slice(0, 10) : value.slice(0, 10);
}

/** "2026-03-31" → "Mar 2026" */
export const formatMonth = (isoDate: string): string =>
  new Date(`${isoDate.slice(0, 10)}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Coded values shown to people: "DateOutOfRange" → "Date out of range", "age_band" → "Age band" */
export function humanize(code: string | null | undefined): string {
  if (!code) return '–';
  const words = code.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Top-level categories of the PHDSC Source of Payment Typology (v9.2): the first digit of an SOP code. */
const SOP_CATEGORIES: Record<string, string> = {
  '1': 'Medicare',
  '2': 'Medicaid',
  '3': 'Other government',
  '4': 'Corrections',
  '5': 'Private insurance',
  '6': 'Blue Cross/Blue Shield',
  '7': 'Managed care, unspecified',
  '8': 'No payment / self-pay',
  '9': 'Other',
};

/** "111" → "Medicare (SOP 111)"; 'Unknown' and non-SOP values as they are. */
export const payerLabel = (payer: string): string => {
  const category = /^\d+$/.test(payer) ? SOP_CATEGORIES[payer[0]!] : undefined;
  return category ? `${category} (SOP ${payer})` : payer;
};

/** CDC Race & Ethnicity code set (OMB categories), as US Core race/ethnicity extensions carry them. */
const RACE_ETHNICITY: Record<string, string> = {
  '1002-5': 'American Indian or Alaska Native',
  '2028-9': 'Asian',
  '2054-5': 'Black or African American',
  '2076-8': 'Native Hawaiian or Other Pacific Islander',
  '2106-3': 'White',
  '2131-1': 'Other race',
  '2135-2': 'Hispanic or Latino',
  '2186-5': 'Not Hispanic or Latino',
};

export const raceEthnicityLabel = (code: string | null | undefined): string => (code ? (RACE_ETHNICITY[code] ?? humanize(code)) : '–');

/** A stratum as people read it: payer SOP codes and race/ethnicity codes get their names. */
export function stratumLabel(stratifier: string, stratum: string): string {
  if (stratifier === 'payer') return payerLabel(stratum);
  if (stratifier === 'race' || stratifier === 'ethnicity') return raceEthnicityLabel(stratum);
  return stratum === 'female' || stratum === 'male' ? humanize(stratum) : stratum;
}
