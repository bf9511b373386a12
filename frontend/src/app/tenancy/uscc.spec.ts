import { FormControl } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { usccCheckCharacter, usccProblem, usccValidator } from './uscc';

// Codes of registered enterprises, as printed on their business licences.
const VALID = ['91350100M000100Y43', '911100001000079554', '91440300708461136T'];

describe('unified social credit code (GB 32100)', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(usccProblem(code)).toBeNull();
    expect(usccProblem(code.toLowerCase())).toBeNull();
  });

  it('computes the check character from the first 17 characters', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91440300708461136')).toBe('T');
  });

  it('names what is wrong: length, a character outside the alphabet, or the check character', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100I43')).toBe('characters');
    expect(usccProblem('9135O100M000100Y43')).toBe('characters');
    expect(usccProblem('91350100M000100Y44')).toBe('checkCharacter');
  });

  it('validates a form control, leaving the empty case to Validators.required', () => {
    expect(usccValidator(new FormControl(''))).toBeNull();
    expect(usccValidator(new FormControl('91350100M000100Y43'))).toBeNull();
    expect(usccValidator(new FormControl('91350100M000100Y44'))).toEqual({ uscc: 'checkCharacter' });
  });
});
