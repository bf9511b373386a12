import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

// GB 32100-2015, the unified social credit code: 18 characters from 31 (no I, O, S, V, Z); the last
// one is a check character over the first 17, weighted by 3^i mod 31.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character the first 17 characters call for, or null when one of them is not allowed. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a code is not a valid USCC, or null when it is (letters compared upper-cased). */
export function usccProblem(code: string): 'length' | 'characters' | 'checkCharacter' | null {
  const value = code.trim().toUpperCase();
  if (value.length !== 18) return 'length';
  if ([...value].some((c) => !ALPHABET.includes(c))) return 'characters';
  // Positions 3–8 are the registering authority's administrative division code.
  if (!/^\d{6}$/.test(value.slice(2, 8))) return 'characters';
  return usccCheckCharacter(value.slice(0, 17)) === value[17] ? null : 'checkCharacter';
}

/** Form validator: `{ uscc: 'length' | 'characters' | 'checkCharacter' }` for an invalid code; empty passes (see required). */
export const usccValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '');
  if (!value) return null;
  const problem = usccProblem(value);
  return problem ? { uscc: problem } : null;
};
