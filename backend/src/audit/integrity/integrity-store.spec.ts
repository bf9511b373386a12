import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityStore } from './integrity-store';
import type { VerificationResult } from './log-verifier';

describe('integrity store: verification runs', () => {
  let dir: string;
  let store: IntegrityStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kuaige-integrity-store-'));
    store = IntegrityStore.in(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const passed = { ok: true, checked: 5, firstBroken: null } as unknown as VerificationResult;

  it('records a run once per id, with its progress and result', () => {
    expect(store.addVerification('v1', 'u1', '2026-12-01T08:00:00.000Z', 'digest-a').created).toBe(true);
    expect(store.addVerification('v1', 'u1', '2026-12-01T08:00:01.000Z', 'digest-a')).toMatchObject({ created: false, run: { requestedAt: '2026-12-01T08:00:00.000Z' } });
    store.progressVerification('v1', 40, 2);
    expect(store.verification('v1')).toMatchObject({ state: 'running', progress: 40, checked: 2 });
    store.finishVerification('v1', '2026-12-01T08:01:00.000Z', { result: passed });
    expect(store.verification('v1')).toMatchObject({ state: 'passed', progress: 100, checked: 5, finishedAt: '2026-12-01T08:01:00.000Z', result: { ok: true } });
    expect(store.latestVerification()?.id).toBe('v1');
  });

  it('marks the runs a stopped process left unfinished as errors, and no others', () => {
    store.addVerification('done', 'u1', '2026-12-01T08:00:00.000Z', null);
    store.finishVerification('done', '2026-12-01T08:01:00.000Z', { result: passed });
    store.addVerification('waiting', 'u1', '2026-12-01T08:02:00.000Z', null);
    store.addVerification('running', 'u1', '2026-12-01T08:03:00.000Z', null);
    store.progressVerification('running', 10, 1);
    expect(store.abandonUnfinished('2026-12-01T09:00:00.000Z', 'interrupted')).toBe(2);
    expect(['done', 'waiting', 'running'].map((id) => store.verification(id)?.state)).toEqual(['passed', 'error', 'error']);
    expect(store.verification('running')).toMatchObject({ error: 'interrupted', finishedAt: '2026-12-01T09:00:00.000Z' });
  });
});
