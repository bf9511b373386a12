import { isMainlandMobile, isResidentId, normalizeMobile, normalizeResidentId, residentIdCheckChar } from './cn-identifiers';

// Synthetic numbers only: a check character computed for made-up first 17 digits.
const synthetic = (first17: string) => first17 + residentIdCheckChar(first17);
const NOW = new Date('2025-06-01T00:00:00Z');

describe('normalizeMobile / isMainlandMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['0086-138-0013-8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['19912345678', '19912345678'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
    expect(isMainlandMobile(input)).toBe(true);
  });

  it.each([
    ['a 12 prefix', '12800138000'],
    ['10 digits', '1380013800'],
    ['12 digits', '138001380001'],
    ['another country', '+1 415 555 2671'],
    ['a landline', '010-12345678'],
    ['letters', '1380013800a'],
    ['+86 and a wrong number', '+86 12800138000'],
    ['empty', ''],
  ])('refuses %s', (_, input) => {
    expect(normalizeMobile(input)).toBeNull();
    expect(isMainlandMobile(input)).toBe(false);
  });
});

describe('residentIdCheckChar (GB 11643)', () => {
  it('reproduces the worked example of the standard (sum 167, 167 mod 11 = 2 → X)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('yields a digit or X for any 17 digits and refuses anything else', () => {
    expect(residentIdCheckChar('44030620000229001')).toMatch(/^[0-9X]$/);
    expect(() => residentIdCheckChar('4403062000022900')).toThrow(RangeError);
    expect(() => residentIdCheckChar('4403062000022900X')).toThrow(RangeError);
  });
});

describe('normalizeResidentId / isResidentId', () => {
  const leapDay = synthetic('44030620000229001');
  const withX = '11010519491231002X';

  it('accepts valid numbers and gives the canonical upper-case X', () => {
    expect(isResidentId(leapDay, NOW)).toBe(true);
    expect(normalizeResidentId(withX.toLowerCase(), NOW)).toBe(withX);
    expect(normalizeResidentId(` ${leapDay} `, NOW)).toBe(leapDay);
  });

  it('refuses every single-digit change of a valid number (the checksum catches it)', () => {
    for (let i = 0; i < 17; i++) {
      const digit = Number(leapDay[i]);
      const changed = leapDay.slice(0, i) + ((digit + 1) % 10) + leapDay.slice(i + 1);
      expect(isResidentId(changed, NOW)).toBe(false);
    }
  });

  it('refuses a swap of two adjacent different digits', () => {
    const swapped = leapDay.slice(0, 15) + leapDay[16] + leapDay[15] + leapDay.slice(17);
    expect(leapDay[15]).not.toBe(leapDay[16]);
    expect(isResidentId(swapped, NOW)).toBe(false);
  });

  it.each([
    ['an impossible date', synthetic('44030620010229001')],
    ['month 13', synthetic('44030620001301001')],
    ['a birth after today', synthetic('44030620250602001')],
    ['a birth before 1900', synthetic('44030618991231001')],
    ['a leading zero', synthetic('04030620000229001')],
    ['15 digits (first generation)', '440306000229001'],
    ['X in the middle', '4403062000022X0011'],
    ['empty', ''],
  ])('refuses %s', (_, input) => {
    expect(isResidentId(input, NOW)).toBe(false);
  });

  it("accepts a birth on today's date in China time", () => {
    expect(isResidentId(synthetic('44030620250601001'), new Date('2025-05-31T16:30:00Z'))).toBe(true);
    expect(isResidentId(synthetic('44030620250601001'), new Date('2025-05-31T15:30:00Z'))).toBe(false);
  });
});
