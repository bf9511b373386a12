import { FormControl } from '@angular/forms';
import { describe, expect, it } from 'vitest';
import { passwordChecks, productPassword } from './password-rules';
import { waitText } from './wait-text';

describe('the password rule (8–20 characters, letters and digits)', () => {
  it('ticks each part separately for the live hints', () => {
    expect(passwordChecks('abc')).toEqual({ length: false, letter: true, digit: false });
    expect(passwordChecks('12345678')).toEqual({ length: true, letter: false, digit: true });
    expect(passwordChecks('Kuaige2026')).toEqual({ length: true, letter: true, digit: true });
    expect(passwordChecks('a1'.repeat(11)).length).toBe(false);
  });

  it('fails the field under the backend rule name, and leaves an empty field to "required"', () => {
    expect(productPassword(new FormControl('password'))).toEqual({ passwordPolicy: true });
    expect(productPassword(new FormControl('pass1234'))).toBeNull();
    expect(productPassword(new FormControl(''))).toBeNull();
  });
});

describe('waitText', () => {
  it('says seconds under two minutes and whole minutes, rounded up, beyond', () => {
    expect(waitText(42)).toEqual({ value: 42, unit: 'seconds' });
    expect(waitText(900)).toEqual({ value: 15, unit: 'minutes' });
    expect(waitText(601)).toEqual({ value: 11, unit: 'minutes' });
    expect(waitText(null)).toEqual({ value: 60, unit: 'seconds' });
  });
});
