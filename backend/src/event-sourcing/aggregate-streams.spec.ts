// The command helper against the real embedded event store, with a small decider written for the test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalTransition, type Command, type Decider, type DomainEvent } from '@kuaige/domain';
import { type EventStore } from '@kuaige/eventsourcing';
import { openEventStore } from '../event-store/event-store.factory';
import { AggregateStreams, ConcurrencyConflictError } from './aggregate-streams';
import { IdempotencyKeyReused } from './client-command';
import { InvalidCommandIdError, type CommandContext } from './command-context';

type TicketCommand = Command<'OpenTicket', { title: string }> | Command<'CloseTicket', { reason: string }>;
type TicketEvent = DomainEvent<'TicketOpened', { title: string }> | DomainEvent<'TicketClosed', { reason: string }>;
type Ticket = { status: 'none' | 'open' | 'closed' };

const ticket: Decider<TicketCommand, TicketEvent, Ticket> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'TicketOpened':
        return { status: 'open' };
      case 'TicketClosed':
        return { status: 'closed' };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenTicket':
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        return [{ type: 'TicketOpened', data: { title: command.data.title } }];
      case 'CloseTicket':
        if (state.status !== 'open') throw new IllegalTransition(state.status, command.type);
        return [{ type: 'TicketClosed', data: { reason: command.data.reason } }];
    }
  },
};

const context = (commandId?: string): CommandContext => ({
  ...(commandId ? { commandId } : {}),
  actor: { userId: 'u-1', enterpriseId: 'T1', ip: '127.0.0.1' },
  tenantIds: ['T1'],
  jurisdiction: ['440305', '4403', '44', 'CN'],
  at: new Date('2026-11-21T08:00:00Z'),
});

describe('AggregateStreams', () => {
  let store: EventStore;
  let streams: AggregateStreams;
  beforeEach(async () => {
    store = await openEventStore({ eventStoreUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'kuaige-streams-')) });
    streams = new AggregateStreams(store);
  });
  afterEach(() => store.close());

  it('decides on the folded state and appends with metadata', async () => {
    await streams.handle('Ticket-1', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, context('cmd-open-0001'));
    const result = await streams.handle('Ticket-1', { type: 'CloseTicket', data: { reason: 'fixed' } }, ticket, context('cmd-close-001'));
    expect(result).toMatchObject({ revision: 1, duplicate: false, eventTypes: ['TicketClosed'] });
    const [opened, closed] = await store.readStream('Ticket-1');
    expect(opened!.metadata).toMatchObject({
      commandId: 'cmd-open-0001',
      correlationId: 'cmd-open-0001',
      actor: { userId: 'u-1', enterpriseId: 'T1', ip: '127.0.0.1' },
      tenantIds: ['T1'],
      jurisdiction: ['440305', '4403', '44', 'CN'],
      schemaVersion: 1,
      occurredAt: '2026-11-21T08:00:00.000Z',
    });
    expect(closed!.data).toEqual({ reason: 'fixed' });
  });

  it('refuses what the rules refuse, and appends nothing', async () => {
    await expect(streams.handle('Ticket-2', { type: 'CloseTicket', data: { reason: 'x' } }, ticket, context())).rejects.toThrow(IllegalTransition);
    expect(await store.readStream('Ticket-2')).toEqual([]);
  });

  it('a retried command appends nothing twice and answers as the first time', async () => {
    const first = await streams.handle('Ticket-3', { type: 'OpenTicket', data: { title: 'a' } }, ticket, context('cmd-retry-001'));
    const again = await streams.handle('Ticket-3', { type: 'OpenTicket', data: { title: 'a' } }, ticket, context('cmd-retry-001'));
    expect(again).toMatchObject({ duplicate: true, eventIds: first.eventIds, revision: 0 });
    expect(await store.readStream('Ticket-3')).toHaveLength(1);
  });

  it('retries on a conflicting write: of racing writers exactly one opens, the others are refused by the rules', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => streams.handle('Ticket-4', { type: 'OpenTicket', data: { title: `t${i}` } }, ticket, context(`cmd-race-00${i}`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toBeInstanceOf(IllegalTransition);
    expect(await store.readStream('Ticket-4')).toHaveLength(1);
  });

  it('gives up with a conflict after its attempts when the stream keeps changing', async () => {
    const busy: EventStore = Object.create(store);
    let sneaked = 0;
    busy.readStream = async (id, options) => {
      const events = await store.readStream(id, options);
      // another writer gets in between every read and append
      await store.append(id, [{ eventId: `sneak-${sneaked++}`, type: 'TicketOpened', data: { title: 'x' }, metadata: events[0]!.metadata }], 'any');
      return events;
    };
    await streams.handle('Ticket-5', { type: 'OpenTicket', data: { title: 'a' } }, ticket, context('cmd-busy-0001'));
    const conflicted = new AggregateStreams(busy);
    const hopeless: Decider<TicketCommand, TicketEvent, Ticket> = { ...ticket, decide: () => [{ type: 'TicketClosed', data: { reason: 'r' } }] };
    await expect(conflicted.handle('Ticket-5', { type: 'CloseTicket', data: { reason: 'r' } }, hopeless, context('cmd-busy-0002'))).rejects.toBeInstanceOf(
      ConcurrencyConflictError,
    );
    expect(sneaked).toBe(conflicted.maxAttempts);
  });

  it('refuses a malformed command id before touching the store', async () => {
    await expect(streams.handle('Ticket-6', { type: 'OpenTicket', data: { title: 'a' } }, ticket, context('bad id'))).rejects.toThrow(InvalidCommandIdError);
    expect(await store.readStream('Ticket-6')).toEqual([]);
  });

  it('returns the decided events typed by the decider, with the state after them; a duplicate returns the earlier ones', async () => {
    const opened = await streams.handle('Ticket-7', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, context('cmd-typed-001'));
    expect(opened).toMatchObject({ events: [{ type: 'TicketOpened', data: { title: 'leak' } }], state: { status: 'open' } });
    const again = await streams.handle('Ticket-7', { type: 'OpenTicket', data: { title: 'other' } }, ticket, context('cmd-typed-001'));
    expect(again).toMatchObject({ duplicate: true, events: [{ type: 'TicketOpened', data: { title: 'leak' } }], state: { status: 'open' } });
    expect(await streams.earlier('Ticket-7', ticket, context('cmd-typed-001'))).toEqual({ events: [{ type: 'TicketOpened', data: { title: 'leak' } }], state: { status: 'open' } });
    expect(await streams.earlier('Ticket-7', ticket, context('cmd-typed-002'))).toBeNull();
  });

  it('records the request digest, and refuses the same command id sent with another request', async () => {
    const withDigest = (requestDigest: string): CommandContext => ({ ...context('cmd-digest-01'), requestDigest });
    await streams.handle('Ticket-8', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, withDigest('digest-a'));
    expect((await store.readStream('Ticket-8'))[0]!.metadata.requestDigest).toBe('digest-a');
    expect((await streams.handle('Ticket-8', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, withDigest('digest-a'))).duplicate).toBe(true);
    const head = await store.headPosition();
    await expect(streams.handle('Ticket-8', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, withDigest('digest-b'))).rejects.toThrow(IdempotencyKeyReused);
    await expect(streams.earlier('Ticket-8', ticket, withDigest('digest-b'))).rejects.toThrow(IdempotencyKeyReused);
    expect(await store.headPosition()).toBe(head);
  });

  describe('streams kept in memory', () => {
    /** The real store, with a record of the revisions each readStream started from. */
    const observed = (inner: EventStore) => {
      const reads: (number | undefined)[] = [];
      const store: EventStore = Object.create(inner) as EventStore;
      store.readStream = (streamId, options) => {
        reads.push(options?.fromRevision);
        return inner.readStream(streamId, options);
      };
      return { store, reads };
    };

    it('reads only the tail of a stream it loaded before, and sees what another writer appended', async () => {
      const { store: watched, reads } = observed(store);
      const cached = new AggregateStreams(watched);
      const other = new AggregateStreams(store); // another process's command side on the same log
      await cached.handle('Ticket-9', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, context('cmd-cache-001'));
      reads.length = 0;
      expect((await cached.load('Ticket-9', ticket)).state).toEqual({ status: 'open' });
      expect((await cached.load('Ticket-9', ticket)).state).toEqual({ status: 'open' });
      expect(reads).toEqual([undefined, 1]); // in full once, then only what follows revision 0
      await other.handle('Ticket-9', { type: 'CloseTicket', data: { reason: 'fixed' } }, ticket, context('cmd-cache-002'));
      const loaded = await cached.load('Ticket-9', ticket);
      expect(loaded).toMatchObject({ state: { status: 'closed' }, revision: 1, position: await store.headPosition() });
      expect(loaded.events.map((e) => e.type)).toEqual(['TicketOpened', 'TicketClosed']);
      expect(await cached.tail('Ticket-9')).toEqual({ revision: 1, position: await store.headPosition() });
      // The retried first command is still recognised from the events kept.
      expect((await cached.handle('Ticket-9', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, context('cmd-cache-001'))).duplicate).toBe(true);
      expect(await cached.tail('Ticket-none')).toEqual({ revision: -1, position: -1 });
    });

    it('refuses changes to the events it keeps, so no caller can rewrite the history later loads see', async () => {
      await streams.handle('Ticket-10', { type: 'OpenTicket', data: { title: 'leak' } }, ticket, context('cmd-cache-003'));
      const { events } = await streams.load('Ticket-10', ticket);
      expect(() => {
        (events[0]!.data as { title: string }).title = 'rewritten';
      }).toThrow(TypeError);
      expect((await streams.load('Ticket-10', ticket)).events[0]!.data).toEqual({ title: 'leak' });
    });

    it('keeps at most maxCachedStreams streams, and reads longer streams in full', async () => {
      const { store: watched, reads } = observed(store);
      const small = new AggregateStreams(watched);
      small.maxCachedStreams = 2;
      small.maxCachedEvents = 1;
      for (const n of [11, 12, 13, 14]) await small.handle(`Ticket-${n}`, { type: 'OpenTicket', data: { title: 't' } }, ticket, context(`cmd-cache-0${n}`));
      await small.handle('Ticket-14', { type: 'CloseTicket', data: { reason: 'r' } }, ticket, context('cmd-cache-015'));
      for (const n of [11, 12, 13]) await small.load(`Ticket-${n}`, ticket); // 13 pushes 11 out
      reads.length = 0;
      await small.load('Ticket-12', ticket);
      await small.load('Ticket-11', ticket);
      await small.load('Ticket-14', ticket); // 2 events: longer than maxCachedEvents
      await small.load('Ticket-14', ticket);
      expect(reads).toEqual([1, undefined, undefined, undefined]);
    });
  });
});
