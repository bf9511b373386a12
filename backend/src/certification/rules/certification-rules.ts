import type { CertificationRules, ResidentIdCheck } from '@kuaige/domain';
import { maskName, maskResidentId, residentIdCheckChar } from '../../identity/crypto';
import { TENANCY_RULES } from '../../tenancy/rules/tenancy-rules';

// Dates in China Standard Time (UTC+8, no daylight saving), as printed on the card.
const chinaDate = (at: string): string => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');

const isCalendarDate = (yyyymmdd: string): boolean => {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * GB 11643-1999 resident ID number, naming the first check that fails (identity's `normalizeResidentId`
 * only says yes or no): 18 characters, a real birth date from 1900 up to `at`, the mod 11-2 check character.
 */
export const checkResidentId = (input: string, at: string): ResidentIdCheck => {
  const id = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id))
    return { valid: false, rule: 'format', message: 'an ID number is 17 digits and a check digit or X (18 characters)' };
  const birth = id.slice(6, 14);
  if (birth < '19000101' || birth > chinaDate(at) || !isCalendarDate(birth))
    return { valid: false, rule: 'birth-date', message: 'the birth date in the ID number (characters 7-14) is not a real past date' };
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17])
    return { valid: false, rule: 'check-character', message: 'the last character of the ID number does not match the others (mistyped?)' };
  return { valid: true, idNumber: id };
};

/** The rules the certification deciders take: tenancy's divisions, the ID check, identity's masks. */
export const CERTIFICATION_RULES: CertificationRules = {
  levelOfCode: TENANCY_RULES.levelOfCode,
  jurisdictionOf: TENANCY_RULES.jurisdictionOf,
  divisionExists: TENANCY_RULES.divisionExists,
  checkResidentId,
  maskName,
  maskResidentId,
};
