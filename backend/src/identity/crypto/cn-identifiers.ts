/** Validation and canonical forms of mainland-China personal identifiers. */

const MAINLAND_MOBILE = /^1[3-9][0-9]{9}$/;

/**
 * The 11-digit national form of a mainland mobile number, or null. Accepts spaces and dashes and
 * a +86 / 0086 / 86 country prefix, so one number always has one form (for blind indexes too).
 */
export const normalizeMobile = (input: string): string | null => {
  if (typeof input !== 'string') return null;
  let digits = input.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return MAINLAND_MOBILE.test(digits) ? digits : null;
};

/** True for a mainland mobile number (`^1[3-9]\d{9}$` once the +86 prefix and spaces are gone). */
export const isMainlandMobile = (input: string): boolean => normalizeMobile(input) !== null;

// GB 11643-1999: weights 2^(17-i) mod 11 of the first 17 digits; sum mod 11 picks the check character.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of a resident ID number. */
export const residentIdCheckChar = (first17: string): string => {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError('a resident ID check character needs exactly 17 digits');
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return CHECK[sum % 11];
};

// Dates in China Standard Time (UTC+8, no daylight saving), as printed on the card.
const chinaDate = (now: Date): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');

const isCalendarDate = (yyyymmdd: string): boolean => {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * The canonical form (upper-case X) of an 18-character resident ID number, or null unless the
 * GB 11643 checksum holds and the birth date is a real date from 1900 up to `now`. Also fits the
 * 2023 foreigners' permanent residence ID, which shares the layout and checksum.
 */
export const normalizeResidentId = (input: string, now: Date = new Date()): string | null => {
  if (typeof input !== 'string') return null;
  const id = input.trim().toUpperCase();
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return null;
  const birth = id.slice(6, 14);
  if (birth < '19000101' || birth > chinaDate(now) || !isCalendarDate(birth)) return null;
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? id : null;
};

/** True for a valid 18-digit resident ID number (checksum and birth date). */
export const isResidentId = (input: string, now?: Date): boolean => normalizeResidentId(input, now) !== null;
