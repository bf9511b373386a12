// Crash safety of the compiled product: kill -9 at seeded random moments while commands run, restart
// on the same data directory, and check every promise an answer made (bench/crash/). Long modes:
// `node dist/server/bench/crash/crash.js --kills 200` (docs/reliability.md).
import { join } from 'node:path';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, reactionCommandId } from '@kuaige/projections';
import { CRASH_MIX, displayNameCommand, type EventLog } from '../../bench/crash/crash-mix';
import { checkReactions, runCrashHarness } from '../../bench/crash/crash-harness';
import { REPO_ROOT } from '../../bench/harness/product-process';

const seed = Number(process.env['CRASH_SEED'] ?? 20261201);

describe('crash harness (kill -9 and restart on the same data directory)', () => {
  it(`keeps every acknowledged command across 10 kills (seed ${seed})`, async () => {
    const report = await runCrashHarness({ seed, kills: 10, mix: CRASH_MIX });
    expect(report.violations).toEqual([]);
    for (const command of CRASH_MIX) expect(report.acknowledged[command.name]).toBeGreaterThan(0);
    expect(report.chain).toMatchObject({ intact: true, checked: report.events });
    expect(report.chain.cli).toMatch(/^OK: \d+ events, hash chain intact/);
    expect(report.readModels.compared).toBeGreaterThan(0);
  }, 150_000);

  it('catches a product that acknowledges before it commits (self-test with a faulty fixture)', async () => {
    const report = await runCrashHarness({
      seed,
      kills: 2,
      mix: [displayNameCommand],
      entry: join(REPO_ROOT, 'dist/server/bench/crash/ack-early-main.js'),
      env: { ACK_EARLY_MS: '5000' },
    });
    expect(report.acknowledged['patch-display-name']).toBeGreaterThan(0);
    expect(report.violations.some((v) => /^acknowledged patch-display-name .* lost: ProfileUpdated to crash-\d+ missing$/.test(v))).toBe(true);
  }, 90_000);
});

describe('exactly-once check of reactions', () => {
  const event = (eventId: string, type: string, commandId: string, causationId: string): RecordedEvent =>
    ({ eventId, type, streamId: `S-${eventId}`, data: {}, metadata: { commandId, causationId } }) as unknown as RecordedEvent;
  const logOf = (all: RecordedEvent[]): EventLog => ({ all, stream: (id) => all.filter((e) => e.streamId === id) });
  const lowStock = reaction('purchase-on-low-stock', { StockLow: () => ({ type: 'RequestPurchase', data: {} }) });
  const trigger = event('t1', 'StockLow', 'c0', 'c0');
  const derived = reactionCommandId('purchase-on-low-stock', 't1', 0);

  it('accepts an effect issued under the command id derived from its trigger', () => {
    const log = logOf([trigger, event('e1', 'PurchaseRequested', derived, 't1')]);
    expect(checkReactions(log, [lowStock])).toEqual({ triggers: 1, violations: [] });
  });

  it('reports a second effect of the same trigger under another command id', () => {
    const log = logOf([trigger, event('e1', 'PurchaseRequested', derived, 't1'), event('e2', 'PurchaseRequested', 'replayed-with-new-id', 't1')]);
    expect(checkReactions(log, [lowStock]).violations).toEqual([
      'reaction purchase-on-low-stock took effect again for StockLow t1 (command replayed-with-new-id)',
    ]);
  });
});
