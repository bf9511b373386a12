// ---- Password rules (ID-1): 8-20 characters with both letters and digits ----------------------------

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 20;
/** At least one letter and one digit; any other printable characters allowed. */
export const PASSWORD_PATTERN = /^(?=.*\p{L})(?=.*\p{Nd}).*$/u;

/** True when a password meets the product's composition rule. */
export const isAcceptablePassword = (password: string): boolean => {
  const length = Array.from(password).length;
  return length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH && PASSWORD_PATTERN.test(password);
};

/** True when the periodic-change policy (maxAgeDays > 0) says the password is due for a change. */
export const isPasswordChangeDue = (passwordChangedAt: string, at: string, maxAgeDays: number): boolean =>
  maxAgeDays > 0 && Date.parse(at) - Date.parse(passwordChangedAt) >= maxAgeDays * 86_400_000;
