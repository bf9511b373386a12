import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecurityEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EmbeddedSqliteEventStore } from '../../../event-store/embedded-sqlite.event-store';
import { SecurityLog } from './security-log';

const denial = (i: number): SecurityEvent => ({
  type: 'AccessDenied',
  data: {
    at: '2026-12-01T08:00:00.000Z',
    ip: '203.0.113.7',
    userAgent: 'ua',
    method: 'GET',
    route: `/api/v1/r${i}`,
    params: {},
    requestId: `r${i}`,
    status: 403,
    rule: 'permission',
  },
});
const actor = (userId: string) => ({ userId, ip: '203.0.113.7', tenantIds: [], jurisdiction: ['44', 'CN'] });

/** The real store, counting the appends that reach it. */
const counted = (store: EventStore) => {
  const appends: { streamId: string; events: number }[] = [];
  const wrapped: EventStore = Object.assign(Object.create(store) as EventStore, {
    append: (streamId: string, events: Parameters<EventStore['append']>[1], expected: Parameters<EventStore['append']>[2]) => {
      appends.push({ streamId, events: events.length });
      return store.append(streamId, events, expected);
    },
  });
  return { wrapped, appends };
};

describe('the security log', () => {
  let store: EmbeddedSqliteEventStore;
  beforeEach(() => {
    store = new EmbeddedSqliteEventStore(join(mkdtempSync(join(tmpdir(), 'kuaige-security-log-')), 'events.sqlite'));
  });
  afterEach(() => store.close());

  it('has every event stored once record() resolves, those arriving together in one append per stream', async () => {
    const { wrapped, appends } = counted(store);
    const log = new SecurityLog(wrapped);
    await Promise.all([...Array(30).keys()].map((i) => log.record(denial(i), actor(i % 2 === 0 ? 'u1' : 'u2'))));
    expect(appends.sort((a, b) => a.streamId.localeCompare(b.streamId))).toEqual([
      { streamId: 'SecurityLog-u1', events: 15 },
      { streamId: 'SecurityLog-u2', events: 15 },
    ]);
    const u1 = await store.readStream('SecurityLog-u1');
    expect(u1.map((e) => (e.data as { route: string }).route)).toEqual([...Array(15).keys()].map((i) => `/api/v1/r${i * 2}`));
    expect(u1[0]!.metadata).toMatchObject({
      actor: { userId: 'u1', ip: '203.0.113.7' },
      jurisdiction: ['44', 'CN'],
      occurredAt: '2026-12-01T08:00:00.000Z',
    });
  });

  it('stores an event once under the same event id (a retried export), and rejects when the store refuses', async () => {
    const log = new SecurityLog(store);
    await log.record(denial(1), actor('u1'), { eventId: '6f1c1d7e-1b7a-4a43-9a57-0d4c1b9d0001' });
    await log.record(denial(1), actor('u1'), { eventId: '6f1c1d7e-1b7a-4a43-9a57-0d4c1b9d0001' });
    expect(await store.readStream('SecurityLog-u1')).toHaveLength(1);
    await store.close();
    await expect(log.record(denial(2), actor('u1'))).rejects.toThrow();
  });
});
