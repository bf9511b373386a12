// Durable reactions killed at random points: every triggering event has its effect exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, type Decider, type DomainEvent } from '@kuaige/domain';
import { Upcasters, type EventStore } from '@kuaige/eventsourcing';
import { ReactionNotIdempotentError, Reactor, reaction, testing, type Dispatch } from '@kuaige/projections';
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
      return streams.handle(`Ledger-${workOrderId}`, command as LedgerCommand, ledger, {
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
      // Crash before the dispatch, after it (effect done, checkpoint not moved), or while saving the
      // checkpoint (at once here, so that saves are as many as crash points).
      const crashAt = Math.floor(random() * 25);
      let calls = 0;
      const crashy = (where: string) => {
        if (calls++ === crashAt) throw new testing.InjectedCrash();
        return where;
      };
      const dispatch: Dispatch = async (command, ctx) => {
        crashy('before');
        const receipt = await realDispatch(command, ctx);
        crashy('after');
        return receipt;
      };
      const flaky = { load: (name: string) => checkpoints.load(name), save: async (name: string, p: number) => (crashy('save'), checkpoints.save(name, p)) };
      let onError!: (e: Error) => void;
      const failed = new Promise<Error>((resolve) => (onError = resolve));
      const reactor = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints: flaky, dispatch, checkpointEvery: 7, checkpointDelayMs: 0, onError });
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

  it('saves checkpoints after a delay that gathers many commands, and the last position on stop', async () => {
    const metadata = { ...[...testing.maintenanceEvents(1, 1)][0]!.metadata, schemaVersion: 1 };
    const inner = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
    const saves: number[] = [];
    const checkpoints = { load: (name: string) => inner.load(name), save: (name: string, p: number) => (saves.push(p), inner.save(name, p)) };
    const streams = new AggregateStreams(events);
    const dispatch: Dispatch = (command, ctx) =>
      streams.handle(`Ledger-${String(command.data['workOrderId'])}`, command as LedgerCommand, ledger, { ...ctx, actor: { userId: 'system:reactor' }, tenantIds: [], jurisdiction: [] });
    const receipts = Array.from({ length: 40 }, (_, i) => i);
    const appendReceipts = (from: number) =>
      Promise.all(receipts.map((i) => events.append(`WorkOrder-b${from + i}`, [{ eventId: `receipt-b${from + i}`, type: 'ReceiptSubmitted', data: { workOrderId: `b${from + i}`, cost: i }, metadata }], 'no_stream')));
    const settled = async (reactor: Reactor, dispatched: number) => {
      const until = Date.now() + 10_000;
      for (;;) {
        const [status] = await reactor.status();
        if (status!.dispatched === dispatched && status!.lagEvents === 0) return;
        if (Date.now() > until) throw new Error('the reactor did not settle in time');
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    // A delay longer than the test: 40 commands, and no checkpoint written until the reactor stops.
    const patient = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints, dispatch, checkpointDelayMs: 60_000 });
    await patient.start();
    await patient.caughtUp;
    const before = saves.length;
    await appendReceipts(0);
    await settled(patient, receipts.length);
    expect(saves.length).toBe(before);
    await patient.stop();
    expect(saves.length).toBe(before + 1);
    expect(await inner.load('charge-on-receipt')).toBe(await events.headPosition());

    // A short delay: the checkpoint reaches the head while the reactor runs.
    const prompt = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints, dispatch, checkpointDelayMs: 5 });
    await prompt.start();
    await prompt.caughtUp;
    await appendReceipts(100);
    await settled(prompt, receipts.length);
    const until = Date.now() + 10_000;
    while ((await inner.load('charge-on-receipt')) < (await events.headPosition()) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(await inner.load('charge-on-receipt')).toBe(await events.headPosition());
    await prompt.stop();
    for (const i of receipts) {
      expect((await events.readStream(`Ledger-b${i}`)).map((e) => e.data)).toEqual([{ workOrderId: `b${i}`, amount: i }]);
      expect((await events.readStream(`Ledger-b${100 + i}`)).map((e) => e.data)).toEqual([{ workOrderId: `b${100 + i}`, amount: i }]);
    }
    inner.close();
  });

  describe('failures, upcasting and lag', () => {
    const receiptAt = (workOrderId: string, cost: number) => ({
      eventId: `receipt-${workOrderId}`,
      type: 'ReceiptSubmitted',
      data: { workOrderId, cost },
      metadata: { ...[...testing.maintenanceEvents(1, 1)][0]!.metadata, schemaVersion: 1 },
    });
    const charge = (streams: AggregateStreams): Dispatch => (command, ctx) =>
      streams.handle(`Ledger-${String(command.data['workOrderId'])}`, command as LedgerCommand, ledger, {
        ...ctx,
        actor: { userId: 'system:reactor' },
        tenantIds: [],
        jurisdiction: [],
      });
    const waitFor = async (condition: () => Promise<boolean> | boolean) => {
      const until = Date.now() + 10_000;
      while (!(await condition())) {
        if (Date.now() > until) throw new Error('condition not met in time');
        await new Promise((r) => setTimeout(r, 5));
      }
    };

    it('retries a failing reaction and reports it, never moving its checkpoint past the event', async () => {
      await events.append('WorkOrder-w1', [receiptAt('w1', 10)], 'any');
      await events.append('WorkOrder-w2', [receiptAt('w2', 20)], 'any');
      await events.append('WorkOrder-w3', [receiptAt('w3', 30)], 'any');
      const failing = (await events.readStream('WorkOrder-w2'))[0]!.position;
      const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
      const streams = new AggregateStreams(events);
      let refusals = 3;
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const errors: Error[] = [];
      const dispatch: Dispatch = async (command, ctx) => {
        if (command.data['workOrderId'] === 'w2' && refusals > 0) {
          refusals--;
          if (refusals === 0) await released; // hold the last failure until the test has looked
          throw new Error('ledger unavailable');
        }
        return charge(streams)(command, ctx);
      };
      const reactor = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints, dispatch, retryDelayMs: () => 1, onError: (e) => errors.push(e) });
      await reactor.start();
      await waitFor(() => refusals === 0);
      const [during] = await reactor.status();
      expect(during).toMatchObject({ name: 'charge-on-receipt', state: 'retrying', failure: { position: failing, attempts: 2, error: 'ledger unavailable' } });
      expect(during!.lagEvents).toBeGreaterThan(0);
      expect(await checkpoints.load('charge-on-receipt')).toBeLessThan(failing);
      expect((await events.readStream('Ledger-w3')).length).toBe(0); // order is kept: w3 waits for w2
      release();
      await reactor.caughtUp;
      // The charges it issued are events too: lag reaches 0 once it has passed over them.
      await waitFor(async () => (await reactor.status())[0]!.lagEvents === 0);
      const [after] = await reactor.status();
      expect(after).toMatchObject({ state: 'live', lagEvents: 0, dispatched: 3, duplicates: 0 });
      expect(after!.failure).toBeUndefined();
      for (const [id, amount] of [['w1', 10], ['w2', 20], ['w3', 30]] as const) {
        expect((await events.readStream(`Ledger-${id}`)).map((e) => e.data)).toEqual([{ workOrderId: id, amount }]);
      }
      expect(errors.map((e) => e.message)).toEqual(['ledger unavailable', 'ledger unavailable', 'ledger unavailable']);
      await reactor.stop();
      expect(await checkpoints.load('charge-on-receipt')).toBe(await events.headPosition());
      checkpoints.close();
    });

    it('refuses a dispatch that did not handle the command under the derived command id', async () => {
      await events.append('WorkOrder-w1', [receiptAt('w1', 10)], 'any');
      const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
      const streams = new AggregateStreams(events);
      const errors: Error[] = [];
      // A dispatch that makes up its own command id: a replay would not be recognised, so the effect could happen twice.
      const careless: Dispatch = (command, ctx) => charge(streams)(command, { ...ctx, commandId: `${ctx.commandId}-x` });
      const reactor = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints, dispatch: careless, retryDelayMs: () => 1, onError: (e) => errors.push(e) });
      await reactor.start();
      await waitFor(() => errors.length > 0);
      await reactor.stop();
      expect(errors[0]).toBeInstanceOf(ReactionNotIdempotentError);
      expect(await checkpoints.load('charge-on-receipt')).toBe(0);
      checkpoints.close();
    });

    it('hands reactions upcast events', async () => {
      await events.append('WorkOrder-old', [{ ...receiptAt('old', 0), data: { workOrderId: 'old', costCents: 1250 } }], 'any');
      const upcasters = new Upcasters([{ type: 'ReceiptSubmitted', fromVersion: 1, upcast: (d) => ({ data: { workOrderId: d['workOrderId'], cost: Number(d['costCents']) / 100 } }) }]);
      const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.sqlite'));
      const reactor = new Reactor({ events, reactions: [chargeOnReceipt], checkpoints, dispatch: charge(new AggregateStreams(events)), upcasters });
      await reactor.start();
      await reactor.caughtUp;
      await reactor.stop();
      expect((await events.readStream('Ledger-old')).map((e) => e.data)).toEqual([{ workOrderId: 'old', amount: 12.5 }]);
      checkpoints.close();
    });
  });
});

