// Type-level specification of projection(): `npx tsc -p tsconfig.json --noEmit` checks this file, and an
// `@ts-expect-error` line that compiled would fail it ("Unused '@ts-expect-error' directive").
// tools/type-expectations.spec.ts proves that each of those lines is an error on its own.
import type { DomainEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, updateMany, type Projection, type RowChange } from './projection';

type TicketOpened = DomainEvent<'TicketOpened', { ticketId: string; title: string }>;
type TicketClosed = DomainEvent<'TicketClosed', { ticketId: string; reason: 'done' | 'dropped' }>;
type TicketEvent = TicketOpened | TicketClosed;

const recorded = <E extends TicketEvent>(event: E, position: number): RecordedEvent<E> => ({
  ...event,
  eventId: `e${position}`,
  streamId: `Ticket-${event.data.ticketId}`,
  revision: position - 1,
  position,
  recordedAt: '2026-12-01T08:00:00.000Z',
  hash: '0'.repeat(64),
  metadata: {
    commandId: 'c',
    correlationId: 'c',
    causationId: 'c',
    actor: { userId: 'u1' },
    tenantIds: ['T1'],
    jurisdiction: ['440305', '4403', '44', 'CN'],
    schemaVersion: 1,
    occurredAt: '2026-12-01T08:00:00.000Z',
  },
});

const tickets = projection<TicketEvent>('tickets', {
  version: 1,
  on: {
    TicketOpened: (e) => row(e.data.ticketId, () => ({ _id: e.data.ticketId, title: e.data.title, status: 'open' })),
    TicketClosed: (e) => row(e.data.ticketId, (r) => r && { ...r, status: 'closed', reason: e.data.reason }),
  },
});

describe('projection() types', () => {
  it('hands each handler its own event, and the projector sees the same handlers by type name', () => {
    const opened = recorded<TicketOpened>({ type: 'TicketOpened', data: { ticketId: 't1', title: 'leak' } }, 1);
    const closed = recorded<TicketClosed>({ type: 'TicketClosed', data: { ticketId: 't1', reason: 'done' } }, 2);
    const forProjector: readonly Projection[] = [tickets]; // a typed projection is an ordinary one to the projector
    const apply = (e: RecordedEvent, current: Parameters<RowChange['apply']>[0]) => (forProjector[0]!.handlers[e.type]!(e) as RowChange).apply(current);
    expect(apply(closed, apply(opened, null))).toEqual({ _id: 't1', title: 'leak', status: 'closed', reason: 'done' });
    expect(Object.keys(tickets.handlers)).toEqual(['TicketOpened', 'TicketClosed']);
  });

  it('refuses unknown event types, unknown or foreign fields, and a projection without its event union', () => {
    const refused = [
      projection<TicketEvent>('renamed_event', {
        version: 1,
        on: {
          // @ts-expect-error an event type the union does not have (as after a rename)
          TicketReopened: () => null,
        },
      }),
      projection<TicketEvent>('renamed_field', {
        version: 1,
        on: {
          // @ts-expect-error a field the event does not have (as after a rename)
          TicketOpened: (e) => row(e.data.id, () => null),
        },
      }),
      projection<TicketEvent>('foreign_field', {
        version: 1,
        on: {
          // @ts-expect-error another event's field: each handler is narrowed to its own event
          TicketOpened: (e) => row(e.data.ticketId, (r) => r && { ...r, reason: e.data.reason }),
        },
      }),
      projection<TicketEvent>('untyped_access', {
        version: 1,
        on: {
          // @ts-expect-error no data(e)['field'] escape hatch: index access is checked like property access
          TicketClosed: (e) => updateMany({ ticketId: e.data['ticket'] }, { $set: { closed: true } }),
        },
      }),
      projection('no_union', {
        version: 1,
        on: {
          // @ts-expect-error without the event union given explicitly, no handler is allowed
          TicketOpened: () => null,
        },
      }),
      projection<TicketEvent>('bad_change', {
        version: 1,
        on: {
          // @ts-expect-error a handler returns row changes or many-row updates, not documents
          TicketOpened: (e) => ({ _id: e.data.ticketId }),
        },
      }),
    ];
    // They fail only the type check: at run time they are ordinary projections.
    expect(refused.map((p) => p.name)).toEqual(['renamed_event', 'renamed_field', 'foreign_field', 'untyped_access', 'no_union', 'bad_change']);
  });
});
