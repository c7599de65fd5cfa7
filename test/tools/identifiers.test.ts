import { describe, expect, it } from 'vitest';
import { isValidNpi, mbi, MBI_PATTERN, npi, npiCheckDigit } from '../../tools/generate-network/identifiers.ts';
import { easternOffsetMinutes, dayOf, localDateTime, utcDateTime, usDateTime } from '../../tools/generate-network/calendar.ts';

describe('identifiers', () => {
  it('computes the NPI check digit with Luhn over the 80840 prefix (CMS example 123456789 -> 3)', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567894')).toBe(false);
  });

  it('makes distinct valid NPIs and MBIs in the CMS layout from serial numbers', () => {
    const npis = new Set(Array.from({ length: 5000 }, (_, i) => npi(i, 'individual', 987654)));
    const mbis = new Set(Array.from({ length: 5000 }, (_, i) => mbi(i, 123456789)));
    expect(npis.size).toBe(5000);
    expect(mbis.size).toBe(5000);
    for (const n of npis) expect(isValidNpi(n)).toBe(true);
    for (const m of mbis) expect(m).toMatch(MBI_PATTERN);
    expect(npi(7, 'organization', 1)).toMatch(/^2\d{9}$/);
  });
});

describe('calendar', () => {
  it('uses the US Eastern offset in force that day and carries minutes past midnight', () => {
    expect(easternOffsetMinutes(dayOf(2026, 3, 7))).toBe(-300);
    expect(easternOffsetMinutes(dayOf(2026, 3, 8))).toBe(-240);
    expect(easternOffsetMinutes(dayOf(2026, 11, 1))).toBe(-300);
    expect(localDateTime(dayOf(2026, 7, 4), 9 * 60 + 20)).toBe('2026-07-04T09:20:00-04:00');
    expect(utcDateTime(dayOf(2026, 12, 31), 22 * 60)).toBe('2027-01-01T03:00:00Z');
    expect(usDateTime(dayOf(2026, 1, 5), 1440 + 30)).toBe('01/06/2026 00:30');
  });
});
