import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@kuaige/domain';
import type { EventToAppend } from '@kuaige/eventsourcing';

// ---- Test and benchmark events: realistic metadata, unique ids and categories per run -------------

/** A category nobody else writes to (letters and digits only: the category ends at the first '-'). */
export const uniqueCategory = (prefix = 'Test'): string => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const sampleMetadata = (commandId: string = randomUUID()): EventMetadata => ({
  commandId,
  correlationId: commandId,
  causationId: commandId,
  actor: { userId: 'user-7f3a', enterpriseId: 'ent-shenzhen-01', operatorNodeId: '440305', ip: '203.0.113.7' },
  tenantIds: ['ent-shenzhen-01'],
  jurisdiction: ['440305', '4403', '44', 'CN'],
  schemaVersion: 1,
  occurredAt: '2026-03-01T08:30:00.000Z',
});

/** One event to append; the id is unique unless given. */
export const testEvent = (type: string, data: Record<string, unknown> = {}, eventId: string = randomUUID()): EventToAppend => ({
  eventId,
  type,
  data,
  metadata: sampleMetadata(),
});

/** `count` events of the given type with a sequence number in their data. */
export const testEvents = (count: number, type = 'WorkOrderNoted'): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => testEvent(type, { seq: i, note: `备注 ${i}` }));

/** A work-order event of about 500 bytes including metadata, as the benchmark appends. */
export const realisticEvent = (workOrderId: string, seq: number): EventToAppend =>
  testEvent('WorkOrderDispatched', {
    workOrderId,
    seq,
    providerId: 'provider-0042',
    engineerId: 'engineer-1187',
    equipment: { model: 'KG-3000 空压机', serial: `SN-${workOrderId}-${seq}` },
    dueAt: '2026-03-02T08:30:00.000Z',
    note: '客户反映设备异响，请携带备件上门检修',
  });

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs` naming what was awaited. */
export async function eventually(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What a test's subscription handler throws, so the test can tell it from any error of the store's own. */
export class ProjectionFailedError extends Error {
  constructor() {
    super('projection failed');
    this.name = 'ProjectionFailedError';
  }
}
