// The kits themselves: they pass on the right outcome and fail, saying why, on any other.
import { IllegalTransition, type Command, type Decider, type DomainEvent } from '@kuaige/domain';
import { projection, row, updateMany } from '@kuaige/projections';
import { deciderSpec, eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';

type Opened = DomainEvent<'TillOpened', { tillId: string; shop: string }>;
type Rung = DomainEvent<'SaleRung', { tillId: string; cents: number }>;
type Closed = DomainEvent<'TillClosed', { tillId: string }>;
type ShopRenamed = DomainEvent<'ShopRenamed', { from: string; to: string }>;
type TillEvent = Opened | Rung | Closed | ShopRenamed;
type TillCommand = Command<'Open', { tillId: string; shop: string }> | Command<'Ring', { tillId: string; cents: number }>;

const till: Decider<TillCommand, TillEvent, { open: boolean }> = {
  initialState: () => ({ open: false }),
  evolve: (state, event) => (event.type === 'TillOpened' ? { open: true } : event.type === 'TillClosed' ? { open: false } : state),
  decide: (command, state) => {
    if (command.type === 'Open') return state.open ? [] : [{ type: 'TillOpened', data: command.data }];
    if (!state.open) throw new IllegalTransition('closed', command.type);
    return [{ type: 'SaleRung', data: command.data }];
  },
};

describe('decider specification', () => {
  const given = deciderSpec(till);
  const opened: TillEvent = { type: 'TillOpened', data: { tillId: 't1', shop: 'A' } };

  it('passes on the events decided, or the error type thrown', () => {
    given([opened]).when({ type: 'Ring', data: { tillId: 't1', cents: 250 } }).then([{ type: 'SaleRung', data: { tillId: 't1', cents: 250 } }]);
    given([]).when({ type: 'Ring', data: { tillId: 't1', cents: 250 } }).thenThrows(IllegalTransition, (e) => expect(e.state).toBe('closed'));
  });

  it('fails on other events, on a command that succeeds where an error was expected, and on another error type', () => {
    expect(() => given([opened]).when({ type: 'Open', data: { tillId: 't1', shop: 'A' } }).then([opened])).toThrow(/toEqual/);
    expect(() => given([opened]).when({ type: 'Ring', data: { tillId: 't1', cents: 1 } }).thenThrows(IllegalTransition)).toThrow(
      'expected IllegalTransition, but the command produced [{"type":"SaleRung","data":{"tillId":"t1","cents":1}}]',
    );
    expect(() => given([]).when({ type: 'Ring', data: { tillId: 't1', cents: 1 } }).thenThrows(RangeError)).toThrow(/toBeInstanceOf/);
  });
});

describe('projection specification', () => {
  // Counts every sale into its till's row, and renames shops across rows: if any event were applied
  // twice (the kit replays everything from position 0 before it compares), the totals would be off.
  const tills = projection<TillEvent>('tills', {
    version: 1,
    indexes: [{ name: 'shop', key: { shop: 1 } }],
    on: {
      TillOpened: (e) => row(e.data.tillId, () => ({ _id: e.data.tillId, shop: e.data.shop, sales: 0, cents: 0 })),
      SaleRung: (e) => row(e.data.tillId, (r) => r && { ...r, sales: Number(r['sales']) + 1, cents: Number(r['cents']) + e.data.cents }),
      TillClosed: (e) => row(e.data.tillId, () => null),
      ShopRenamed: (e) => updateMany({ shop: e.data.from }, { $set: { shop: e.data.to }, $inc: { renames: 1 } }),
    },
  });

  it('runs the events through the projection runner: every event once, removed rows hidden', async () => {
    const log = eventLog<TillEvent>({ tenantIds: ['T1'] });
    await projectionSpec(tills)
      .given(
        log.stream('Till-t1', [
          { type: 'TillOpened', data: { tillId: 't1', shop: 'A' } },
          { type: 'SaleRung', data: { tillId: 't1', cents: 250 } },
          { type: 'SaleRung', data: { tillId: 't1', cents: 100 } },
        ]),
        log.record('Till-t2', { type: 'TillOpened', data: { tillId: 't2', shop: 'A' } }),
        log.record('Shop-A', { type: 'ShopRenamed', data: { from: 'A', to: 'B' } }),
        log.record('Till-t1', { type: 'SaleRung', data: { tillId: 't1', cents: 50 } }),
        log.stream('Till-t3', [
          { type: 'TillOpened', data: { tillId: 't3', shop: 'A' } },
          { type: 'TillClosed', data: { tillId: 't3' } },
        ]),
      )
      .then([
        { _id: 't1', shop: 'B', sales: 3, cents: 400, renames: 1 },
        { _id: 't2', shop: 'B', sales: 0, cents: 0, renames: 1 },
      ]);
  });

  it('fails when the rows differ from those expected', async () => {
    const log = eventLog<TillEvent>();
    const spec = projectionSpec(tills).given(log.record('Till-t1', { type: 'TillOpened', data: { tillId: 't1', shop: 'A' } }));
    await expect(spec.then([{ _id: 't1', shop: 'A', sales: 1, cents: 0 }])).rejects.toThrow(/toEqual/);
    await expect(spec.thenRow('t9', expect.anything())).rejects.toThrow(/toEqual/);
  });

  it('fills metadata and numbers positions and revisions as a store would', () => {
    const log = eventLog<TillEvent>({ tenantIds: ['T1'] });
    const [a, b] = log.stream('Till-t1', [
      { type: 'TillOpened', data: { tillId: 't1', shop: 'A' } },
      { type: 'SaleRung', data: { tillId: 't1', cents: 1 } },
    ]);
    const c = log.record('Till-t2', { type: 'TillOpened', data: { tillId: 't2', shop: 'A' } }, { metadata: { occurredAt: '2026-02-01T00:00:00.000Z' } });
    expect([a, b, c].map((e) => [e!.streamId, e!.revision, e!.position])).toEqual([
      ['Till-t1', 0, 1],
      ['Till-t1', 1, 2],
      ['Till-t2', 0, 3],
    ]);
    expect(c.metadata).toMatchObject({ tenantIds: ['T1'], occurredAt: '2026-02-01T00:00:00.000Z', schemaVersion: 1 });
    expect(new Set(log.events.map((e) => e.eventId)).size).toBe(3);
  });
});
