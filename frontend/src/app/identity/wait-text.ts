/** How long to wait, rounded up for people: seconds under two minutes, else minutes. */
export function waitText(seconds: number | null): { value: number; unit: 'seconds' | 'minutes' } {
  const s = Math.max(1, seconds ?? 60);
  return s < 120 ? { value: s, unit: 'seconds' } : { value: Math.ceil(s / 60), unit: 'minutes' };
}
