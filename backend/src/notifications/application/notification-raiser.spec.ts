import type { RecordedEvent } from '@kuaige/eventsourcing';
import { NOTIFY_WITHIN_MS, notificationIdFor, tooOldToNotify } from './notification-raiser';

const event = (occurredAt: string) => ({ recordedAt: occurredAt, metadata: { occurredAt } }) as unknown as Pick<RecordedEvent, 'metadata' | 'recordedAt'>;

describe('raising notifications', () => {
  const now = Date.parse('2026-12-01T08:00:00Z');

  it('raises nothing for events older than a day when the reaction reaches them (history, generated demo data)', () => {
    expect(tooOldToNotify(event(new Date(now - NOTIFY_WITHIN_MS - 1).toISOString()), now)).toBe(true);
    expect(tooOldToNotify(event(new Date(now - NOTIFY_WITHIN_MS + 60_000).toISOString()), now)).toBe(false);
    expect(tooOldToNotify(event(new Date(now).toISOString()), now)).toBe(false);
  });

  it('derives one notification id per event, template and recipient', () => {
    const id = notificationIdFor('e1', 'work-order.closed', 'u1');
    expect(notificationIdFor('e1', 'work-order.closed', 'u1')).toBe(id);
    expect(new Set([id, notificationIdFor('e1', 'work-order.closed', 'u2'), notificationIdFor('e1', 'work-order.dispatched', 'u1'), notificationIdFor('e2', 'work-order.closed', 'u1')]).size).toBe(4);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
