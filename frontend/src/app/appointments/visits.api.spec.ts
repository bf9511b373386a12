import { describe, expect, it } from 'vitest';
import { instantOfLocal } from './visits.api';

describe('slot instants from the browser’s date-time fields', () => {
  it('keeps the wall-clock time and adds the browser’s offset, the same instant', () => {
    const instant = instantOfLocal('2026-12-02T09:30');
    expect(instant).toMatch(/^2026-12-02T09:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(instant).getTime()).toBe(new Date('2026-12-02T09:30').getTime());
  });
});
