/**
 * Each state-changing call carries its own Idempotency-Key: the interceptor's refresh-and-retry then
 * resends the same key, and the backend answers the retry as it answered the first attempt.
 */
export const idempotent = (): Record<string, string> => ({ 'Idempotency-Key': crypto.randomUUID() });

/** Refusals that forms explain next to their fields (no global snack bar for those). */
export const FORM_STATUSES = [400, 409, 422];

/** Drops empty filters so the query string only says what the user chose. */
export const queryOf = (values: Readonly<Record<string, string | number | null | undefined>>): Record<string, string | number> =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string | number] => entry[1] !== '' && entry[1] != null));
