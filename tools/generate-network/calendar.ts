// Dates as day numbers (days since 1970-01-01) and their text forms. Times are minutes after local midnight
// in the practices' zone (US Eastern), turned into FHIR dateTimes with the offset in force that day.

export type Day = number;

/** Day number of a civil date (proleptic Gregorian). */
export function dayOf(year: number, month: number, day: number): Day {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Year, month, day of a day number (H. Hinnant's civil_from_days). */
export function civil(dayNumber: Day): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function isoDate(dayNumber: Day): string {
  const [y, m, d] = civil(dayNumber);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** US order, %m/%d/%Y. */
export function usDate(dayNumber: Day): string {
  const [y, m, d] = civil(dayNumber);
  return `${pad2(m)}/${pad2(d)}/${y}`;
}

export function yearOf(dayNumber: Day): number {
  return civil(dayNumber)[0];
}

/** Whole years of age on a day. */
export function ageOn(birth: Day, on: Day): number {
  const [by, bm, bd] = civil(birth);
  const [y, m, d] = civil(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Day of the n-th Sunday of a month (n = 1, 2, ...). 1970-01-04 was a Sunday. */
function nthSunday(year: number, month: number, n: number): Day {
  const first = dayOf(year, month, 1);
  const toSunday = (((3 - first) % 7) + 7) % 7;
  return first + toSunday + 7 * (n - 1);
}

/** UTC offset (minutes) of US Eastern time on a local day: DST from the second Sunday of March to the first of November. */
export function easternOffsetMinutes(dayNumber: Day): number {
  const year = yearOf(dayNumber);
  const dstStart = nthSunday(year, 3, 2);
  const dstEnd = nthSunday(year, 11, 1);
  return dayNumber >= dstStart && dayNumber < dstEnd ? -240 : -300;
}

function hhmm(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** A day and minutes that may run past midnight, carried into the next day. */
function carry(dayNumber: Day, minutes: number): [Day, number] {
  const shift = Math.floor(minutes / 1440);
  return [dayNumber + shift, minutes - shift * 1440];
}

/** Local wall time with its offset, e.g. 2026-03-04T09:20:00-05:00. */
export function localDateTime(day: Day, minutes: number): string {
  const [dayNumber, minuteOfDay] = carry(day, minutes);
  const offset = easternOffsetMinutes(dayNumber);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${isoDate(dayNumber)}T${hhmm(minuteOfDay)}:00${sign}${hhmm(abs)}`;
}

/** The same instant in UTC, e.g. 2026-03-04T14:20:00Z. */
export function utcDateTime(day: Day, minutes: number): string {
  const [dayNumber, minuteOfDay] = carry(day, minutes);
  const total = minuteOfDay - easternOffsetMinutes(dayNumber);
  const dayShift = Math.floor(total / 1440);
  return `${isoDate(dayNumber + dayShift)}T${hhmm(total - dayShift * 1440)}:00Z`;
}

/** Local wall time without offset in US order, e.g. 03/04/2026 09:20 (flat extracts). */
export function usDateTime(day: Day, minutes: number): string {
  const [dayNumber, minuteOfDay] = carry(day, minutes);
  return `${usDate(dayNumber)} ${hhmm(minuteOfDay)}`;
}
