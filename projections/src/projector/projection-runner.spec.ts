// One event that changes the same rows twice — a row change and a many-row update — must apply both,
// in the order the handler returned them, also when replayed after a crash between the two writes.
import type { DomainEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, publicRow, row, updateMany, type Change } from '../projection';
import { EmbeddedReadModelStore } from '../store/embedded/embedded-read-model-store';
import type { ReadModelStore } from '../store/read-model-store.port';
import { FaultyReadModelStore, InjectedCrash } from '../testing/faulty-store';
import { ProjectionRunner } from './projection-runner';

const recorded = (position: number, type: string, data: Record<string, unknown>): RecordedEvent => ({
  eventId: `e${position}`,
  streamId: `S-${position}`,
  revision: 0,
  position,
  type,
  data,
  metadata: {
    commandId: `c${position}`,
    correlationId: `c${position}`,
    causationId: `c${position}`,
    actor: { userId: 'u' },
    tenantIds: ['T1'],
    jurisdiction: ['440305'],
    schemaVersion: 1,
    occurredAt: '2026-01-01T00:00:00Z',
  },
  recordedAt: '2026-01-01T00:00:00Z',
  hash: '',
});

type AccountEvent =
  | DomainEvent<'Opened', { id: string }>
  | DomainEvent<'DepositedAndAudited', { id: string }>
  | DomainEvent<'AuditedAndDeposited', { id: string }>
  | DomainEvent<'DepositTwiceAround', { id: string }>;

const accounts = projection<AccountEvent>('accounts', {
  version: 1,
  on: {
    Opened: (e) => row(e.data.id, () => ({ _id: e.data.id, group: 'g', balance: 0, audits: 0 })),
    // Row first, then every row of its group (the row included).
    DepositedAndAudited: (e): Change[] => [
      row(e.data.id, (r) => r && { ...r, balance: Number(r['balance']) + 10 }),
      updateMany({ group: 'g' }, { $inc: { audits: 1 } }),
    ],
    // Many-row update first, then the row again.
    AuditedAndDeposited: (e): Change[] => [
      updateMany({ group: 'g' }, { $inc: { audits: 1 } }),
      row(e.data.id, (r) => r && { ...r, balance: Number(r['balance']) + 10 }),
    ],
    // The same row twice around a many-row update.
    DepositTwiceAround: (e): Change[] => [
      row(e.data.id, (r) => r && { ...r, balance: Number(r['balance']) + 1 }),
      updateMany({ group: 'g' }, { $inc: { audits: 1 } }),
      row(e.data.id, (r) => r && { ...r, balance: Number(r['balance']) * 2 }),
    ],
  },
});

const history = [
  recorded(1, 'Opened', { id: 'a' }),
  recorded(2, 'Opened', { id: 'b' }),
  recorded(3, 'DepositedAndAudited', { id: 'a' }),
  recorded(4, 'AuditedAndDeposited', { id: 'b' }),
  recorded(5, 'DepositTwiceAround', { id: 'a' }),
];
// a: +10 (audit) ; audit ; (+1, audit, ×2) → balance 22, audits 3.  b: audit ; (audit, +10) ; audit → 10, 3.
const expected = [
  { _id: 'a', group: 'g', balance: 22, audits: 3 },
  { _id: 'b', group: 'g', balance: 10, audits: 3 },
];

const rowsOf = async (store: ReadModelStore) => (await store.collection('accounts').find({}, { sort: { _id: 1 } })).map((r) => publicRow(r));

describe('ProjectionRunner: a row change and a many-row update of the same rows in one event', () => {
  it.each([
    ['one batch, written at once', { batches: [history], defer: false }],
    ['one event per batch', { batches: history.map((e) => [e]), defer: false }],
    ['deferred catch-up', { batches: [history], defer: true }],
  ])('applies both (%s)', async (_label, { batches, defer }) => {
    const store = new EmbeddedReadModelStore();
    const runner = new ProjectionRunner(store, accounts, 'accounts', 'accounts');
    await runner.load();
    for (const batch of batches) await runner.apply(batch, batch[batch.length - 1]!.position, { defer });
    await runner.flush();
    expect(await rowsOf(store)).toEqual(expected);
  });

  it.each([
    ['between two writes', () => () => 0.5],
    // 0.1 < 0.3 splits the bulk write, 0.6 cuts it after its first half: the row written, the many-row update not.
    ['in the middle of a bulk write', () => { let n = 0; return () => (n++ % 2 === 0 ? 0.1 : 0.6); }],
  ])('applies each change exactly once when killed %s and replayed from the checkpoint', async (_label, randomSource) => {
    for (let budget = 1; budget < 40; budget++) {
      const durable = new EmbeddedReadModelStore();
      const random = randomSource();
      let finished = false;
      for (let attempt = 0; attempt < 50 && !finished; attempt++) {
        const runner = new ProjectionRunner(attempt === 0 ? new FaultyReadModelStore(durable, budget, random) : durable, accounts, 'accounts', 'accounts', 1);
        try {
          await runner.load();
          for (const event of history) await runner.apply([event], event.position);
          await runner.flush();
          finished = true;
        } catch (e) {
          if (!(e instanceof InjectedCrash)) throw e;
        }
      }
      expect(finished).toBe(true);
      expect({ budget, rows: await rowsOf(durable) }).toEqual({ budget, rows: expected });
    }
  });
});
