// ---- Unified social credit code (统一社会信用代码), GB 32100-2015 -----------------------------------
//
// 18 characters: registration authority (1), organisation type (1), division code (6), organisation
// code (9), check character (1). The alphabet leaves out I, O, S, V and Z so that no character reads
// as a digit; the check character makes a mistyped code detectable before it reaches the domain.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i is 3^i mod 31 (GB 32100, table 2). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccRule = 'length' | 'alphabet' | 'division' | 'check';

export type UsccCheck = { readonly valid: true } | { readonly valid: false; readonly rule: UsccRule; readonly message: string };

/** The check character for the first 17 characters of a code (which must be in the alphabet). */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '');
    if (value < 0) throw new RangeError(`character ${i + 1} of ${JSON.stringify(first17)} is not in the USCC alphabet`);
    sum += value * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Checks a code's shape and check character; the rule names the first check that failed. */
export function checkUscc(code: string): UsccCheck {
  if (code.length !== 18) return { valid: false, rule: 'length', message: 'a unified social credit code has 18 characters' };
  for (const ch of code)
    if (!ALPHABET.includes(ch))
      return { valid: false, rule: 'alphabet', message: `"${ch}" is not allowed: use digits and capital letters except I, O, S, V, Z` };
  if (!/^[0-9]{6}$/.test(code.slice(2, 8)))
    return { valid: false, rule: 'division', message: 'characters 3 to 8 must be a 6-digit administrative division code' };
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17])
    return { valid: false, rule: 'check', message: 'the check character does not match: the code is mistyped' };
  return { valid: true };
}

export const isValidUscc = (code: string): boolean => checkUscc(code).valid;
