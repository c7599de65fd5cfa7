// Identifiers in their real formats: NPI (Luhn check digit over the 80840 prefix), MBI (CMS's 11-character
// layout), TIN, and UUIDs. NPIs and MBIs are bijections of a serial number, so they never collide in a run.
import type { Rng } from './random.ts';

/** NPI check digit: Luhn over "80840" + the 9-digit base (CMS NPI standard, check digit algorithm). */
export function npiCheckDigit(base9: string): number {
  const digits = `80840${base9}`;
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  return /^[12]\d{9}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** The serial-th NPI of a run: individuals start with 1, organizations with 2. */
export function npi(serial: number, kind: 'individual' | 'organization', offset: number): string {
  // 7654321 is coprime with 10^8 (odd, not a multiple of 5), so distinct serials give distinct bases.
  const body = String((serial * 7_654_321 + offset) % 100_000_000).padStart(8, '0');
  const base = (kind === 'individual' ? '1' : '2') + body;
  return base + npiCheckDigit(base);
}

// MBI positions (CMS "Understanding the MBI format"): 1 numeric 1-9; 2, 5, 8, 9 alphabetic; 3, 6 alphanumeric;
// 4, 7, 10, 11 numeric. Letters S, L, O, I, B and Z are never used.
const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
const MBI_ALNUM = '0123456789' + MBI_LETTERS;
const MBI_POSITIONS = ['123456789', MBI_LETTERS, MBI_ALNUM, '0123456789', MBI_LETTERS, MBI_ALNUM, '0123456789', MBI_LETTERS, MBI_LETTERS, '0123456789', '0123456789'];
const MBI_SPACE = MBI_POSITIONS.reduce((n, chars) => n * chars.length, 1);
export const MBI_PATTERN = /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/;

/** The serial-th MBI of a run (a bijection of serial onto the MBI space, scattered by a large odd multiplier). */
export function mbi(serial: number, offset: number): string {
  // 7919 * 104729 is coprime with the space (2^a 3^b 5^c); serial * multiplier stays below 2^53 for serial < 10^7.
  let n = (serial * (7919 * 104729) + offset) % MBI_SPACE;
  let out = '';
  for (let i = MBI_POSITIONS.length - 1; i >= 0; i--) {
    const chars = MBI_POSITIONS[i]!;
    out = chars[n % chars.length] + out;
    n = Math.floor(n / chars.length);
  }
  return out;
}

// EIN prefixes the IRS assigns (campus codes); a TIN is a prefix and 7 digits.
const EIN_PREFIXES = ['20', '26', '27', '31', '34', '45', '46', '47', '81', '82', '83', '84', '86', '87', '88', '90', '91', '92'];

export function tin(rng: Rng): string {
  return rng.pick(EIN_PREFIXES) + String(rng.int(0, 9_999_999)).padStart(7, '0');
}

/** RFC 4122 version-4 layout from the seeded stream. */
export function uuid(rng: Rng): string {
  const h = rng.hex(32).split('');
  h[12] = '4';
  h[16] = '89ab'[Math.floor(rng.next() * 4)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
