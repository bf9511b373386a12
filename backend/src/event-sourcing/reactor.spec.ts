// Durable reactions killed at random points: every triggering event has its effect exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, Decider, DomainEvent, EventStore } from '@kuaige/domain';
import { Reactor, reaction, testing, type Dispatch } from '@kuaige/projections';
import { openEventStore } from '../event-store/event-store.factory';
import { AggregateStreams } from './aggregate-streams';
import { SqliteCheckpointStore } from './sqlite-checkpoint-store';

type LedgerCommand = Command<'RecordCharge', { workOrderId: string; amount: number }>;
type LedgerEvent = DomainEvent<'ChargeRecorded', { workOrderId: string; amount: number }>;
/** Records every charge it is given: a second dispatch of the same charge would show as a second event. */
const ledger: Decider<LedgerCommand, LedgerEvent, { charges: number }> = {
  initialState: () => ({ charges: 0 }),
  evolve: (s) => ({ charges: s.charges + 1 }),
  decide: (c) => [{ type: 'ChargeRecorded', data: c.data }],
};

const chargeOnReceipt = reaction('charge-on-receipt', {
  ReceiptSubmitted: (e) => ({ type: 'RecordCharge', data: { workOrderId: String(e.data['workOrderId']), amount: Number(e.data['cost']) } }),
});

describe('Reactor', () => {
  let events: EventStore;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kuaige-reactor-'));
    events = await openEventStore({ eventStoreUrl: null, dataDir: dir });
  });
  afterEach(() => events.close());

  it('issues each command exactly once across crashes and replays', async () => {
    let n = 0;
    for (const e of testing.maintenanceEvents(500, 21)) {
      await events.append(e.streamId, [{ eventId: `evt-${n++}`, type: e.type, data: e.data, metadata: e.metadata }], 'any');
    }
    const receipts = [...testing.maintenanceEvents(500, 21)].filter((e) => e.type === 'ReceiptSubmitted');
    expect(receipts.length).toBeGreaterThan(10);

    const streams = new AggregateStreams(events);
    const realDispatch: Dispatch = async (command, ctx) => {
      const workOrderId = String(command.data['workOrderId']);
      await streams.handle(`Ledger-${workOrderId}`, command as LedgerCommand, ledger, {
        ...ctx,
        actor: { userId: 'system:reactor' },
        tenantIds: [],
        jurisdiction: [],
      });
    };
    const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
    const random = testing.prng(5);
    let crashes = 0;
    for (let round = 0; round < 300; round++) {
      // Crash before the dispatch, after it (effect done, checkpoint not moved), or while saving the checkpoint.
      const crashAt = Math.floor(random() * 25);
      let calls = 0;
      const crashy = (where: string) => {
        if (calls++ === crashAt) throw new testing.InjectedCrash();
        return where;
      };
      const dispatch: Dispatch = async (command, ctx) => {
        crashy('before');
        await realDispatch(command, ctx);
        crashy('after');
      };
      const flaky = { load: (name: string) => checkpoints.load(name), save: async (name: string, p: number) => (crashy('save'), checkpoints.save(name, p)) };
      let onError!: (e: Error) => void;
      const failed = new Promise<Error>((resolve) => (onError = resolve));
      const reactor = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints: flaky, dispatch, checkpointEvery: 7, onError });
      await reactor.start();
      const outcome = await Promise.race([reactor.caughtUp.then(() => 'done' as const), failed]);
      await reactor.stop().catch(() => undefined);
      if (outcome === 'done') break;
      expect(outcome).toBeInstanceOf(testing.InjectedCrash);
      crashes++;
    }
    expect(crashes).toBeGreaterThanOrEqual(10);
    for (const receipt of receipts) {
      const charges = await events.readStream(`Ledger-${String(receipt.data['workOrderId'])}`);
      expect(charges.map((c) => c.data)).toEqual([{ workOrderId: receipt.data['workOrderId'], amount: receipt.data['cost'] }]);
    }
    expect(await checkpoints.load('charge-on-receipt')).toBeGreaterThan(0);
    checkpoints.close();
  });
});
