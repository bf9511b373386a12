import type { RecordedEvent } from './recorded-event';
import { Upcasters } from './upcasting';

const stored = (type: string, schemaVersion: number, data: Record<string, unknown>): RecordedEvent => ({
  eventId: 'e1',
  streamId: 'WorkOrder-1',
  revision: 0,
  position: 1,
  type,
  data,
  recordedAt: '2026-11-21T00:00:00.000Z',
  hash: '0'.repeat(64),
  metadata: {
    commandId: 'c1',
    correlationId: 'c1',
    causationId: 'c1',
    actor: { userId: 'u1' },
    tenantIds: ['T1'],
    jurisdiction: ['440305', '4403', '44'],
    schemaVersion,
    occurredAt: '2026-11-21T00:00:00.000Z',
  },
});

describe('upcasting', () => {
  const upcasters = new Upcasters([
    { type: 'WorkOrderRequested', fromVersion: 1, upcast: (d) => ({ data: { ...d, priority: 'normal' } }) },
    { type: 'WorkOrderRequested', fromVersion: 2, upcast: ({ fault, ...d }) => ({ data: { ...d, faultDescription: fault } }) },
  ]);

  it('maps an old event through every step to the current shape', () => {
    const current = upcasters.apply(stored('WorkOrderRequested', 1, { fault: 'no power' }));
    expect(current.data).toEqual({ priority: 'normal', faultDescription: 'no power' });
    expect(current.metadata.schemaVersion).toBe(3);
  });

  it('leaves current events and other types alone, and never changes the stored object', () => {
    const event = stored('WorkOrderRequested', 3, { faultDescription: 'x', priority: 'high' });
    expect(upcasters.apply(event)).toBe(event);
    const old = stored('WorkOrderRequested', 1, { fault: 'x' });
    upcasters.apply(old);
    expect(old.data).toEqual({ fault: 'x' });
  });

  it('refuses two upcasters for the same version', () => {
    const step = { type: 'A', fromVersion: 1, upcast: (d: Record<string, unknown>) => ({ data: d }) };
    expect(() => new Upcasters([step, step])).toThrow('two upcasters for A@1');
  });
});
