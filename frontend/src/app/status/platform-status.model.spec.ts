import { describe, expect, it } from 'vitest';
import { type AdapterStatus, adapterState, overallHealth } from './platform-status.model';

const adapter = (name: string, up: boolean, critical: boolean): AdapterStatus => ({ name, kind: 'test', up, critical, detail: null });

describe('platform health', () => {
  it('is healthy when every adapter is up', () => {
    expect(overallHealth([adapter('storage', true, true), adapter('jobs', true, false)])).toBe('healthy');
  });

  it('is only degraded when the adapters that are down are not critical', () => {
    const jobs = adapter('jobs', false, false);
    expect(adapterState(jobs)).toBe('degraded');
    expect(overallHealth([adapter('storage', true, true), jobs])).toBe('degraded');
  });

  it('is down as soon as one critical adapter is down, whatever the others', () => {
    expect(overallHealth([adapter('storage', false, true), adapter('jobs', false, false)])).toBe('down');
  });

  it('is healthy with no adapters: nothing reports a problem (the page shows the empty state)', () => {
    expect(overallHealth([])).toBe('healthy');
  });
});
