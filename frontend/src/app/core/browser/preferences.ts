// localStorage throws when storage is disabled (privacy modes, sandboxed frames); a preference that
// cannot be stored is simply not remembered.

/** Reads a remembered user preference, or null when none is stored or storage is unavailable. */
export function readPreference(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Remembers a user preference for the next visit when the browser allows it. */
export function writePreference(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* not remembered: the choice still applies to this visit */
  }
}
