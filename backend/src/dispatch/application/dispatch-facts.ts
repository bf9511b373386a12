import { Inject, Injectable } from '@nestjs/common';
import { OPEN_WORK_STATUSES, type Coordinates, type Ratings } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';

// ---- What dispatch reads besides its own profiles: work orders, certifications, names ------------
// Work orders are read by the contract's field names (the `work_orders` list row, and the events of
// `WorkOrder-<id>`), so this side depends on their shape, not on the work-order module's code.

export const WORK_ORDERS = 'work_orders';

/** The `work_orders` list row, as far as dispatch and the device history read it. */
export interface WorkOrderListRow {
  readonly _id: string;
  readonly number: string;
  readonly status: string;
  readonly priority: string;
  readonly paused?: boolean;
  readonly deviceId: string;
  readonly deviceName?: string | null;
  readonly deviceType: string;
  readonly faultType: string;
  readonly faultSummary?: string | null;
  readonly countyCode: string;
  readonly requesterId: string;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly assigneeId: string | null;
  readonly submittedAt: string;
  readonly updatedAt?: string | null;
  readonly dispatchedAt?: string | null;
  readonly completedAt?: string | null;
  readonly closedAt?: string | null;
  readonly userScore: number | null;
  readonly manufacturerScore: number | null;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly [field: string]: unknown;
}

/** One processing record as the engineer last left it (ProcessingRecordAdded, then …Edited). */
export interface ProcessingRecordView {
  readonly recordId: string;
  readonly engineerId: string | null;
  readonly steps: string;
  readonly parts: readonly { readonly name: string; readonly quantity: number; readonly unit: string }[];
  readonly tools: readonly string[];
  readonly cause: string;
  readonly result: string;
  readonly at: string;
  readonly editedAt: string | null;
}

/** What the order's own stream says that the list row does not carry. */
export interface OrderStreamFacts {
  readonly coordinates: Coordinates | null;
  readonly jurisdiction: readonly string[];
  readonly description: string | null;
  readonly returnedBy: readonly string[];
  readonly records: readonly ProcessingRecordView[];
  readonly evaluations: readonly { readonly by: string; readonly score: number; readonly opinion: string; readonly at: string }[];
}

type Loose = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): Loose[] => (Array.isArray(v) ? (v as Loose[]) : []);

export const workOrderStreamOf = (workOrderId: string) => `WorkOrder-${workOrderId}`;

@Injectable()
export class DispatchFacts {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  caughtUp(collections: readonly string[]): Promise<void> {
    return this.freshness.caughtUp(collections);
  }

  async workOrder(workOrderId: string): Promise<WorkOrderListRow | null> {
    await this.freshness.caughtUp([WORK_ORDERS]);
    return this.store.collection<WorkOrderListRow>(WORK_ORDERS).findOne({ $and: [{ _id: workOrderId }, visibleRows] });
  }

  /** Folds the facts dispatch needs from the order's events (by their contract names). */
  async orderStream(workOrderId: string): Promise<OrderStreamFacts> {
    const recorded = await this.events.readStream(workOrderStreamOf(workOrderId));
    let coordinates: Coordinates | null = null;
    let jurisdiction: readonly string[] = [];
    let description: string | null = null;
    const returnedBy = new Set<string>();
    const records = new Map<string, ProcessingRecordView>();
    const evaluations: OrderStreamFacts['evaluations'][number][] = [];
    for (const e of recorded) {
      const d = e.data as Loose;
      switch (e.type) {
        case 'MaintenanceRequested': {
          const device = (d['device'] ?? {}) as Loose;
          const c = device['coordinates'] as Loose | null | undefined;
          coordinates = c && typeof c['lat'] === 'number' && typeof c['lng'] === 'number' ? { lat: c['lat'], lng: c['lng'] } : null;
          jurisdiction = Array.isArray(device['jurisdiction']) ? (device['jurisdiction'] as string[]) : [];
          description = text((d['fault'] as Loose | undefined)?.['description']) || null;
          break;
        }
        case 'DispatchReturned':
          returnedBy.add(text(d['providerId']));
          break;
        case 'ProcessingRecordAdded':
        case 'ProcessingRecordEdited': {
          const id = text(d['recordId']);
          const before = records.get(id);
          records.set(id, {
            recordId: id,
            engineerId: text(d['engineerId']) || null,
            steps: text(d['steps']),
            parts: list(d['parts']).map((p) => ({ name: text(p['name']), quantity: Number(p['quantity'] ?? 0), unit: text(p['unit']) })),
            tools: list(d['tools']).map((t) => text(t)),
            cause: text(d['cause']),
            result: text(d['result']),
            at: before?.at ?? text(d['at']),
            editedAt: e.type === 'ProcessingRecordEdited' ? text(d['at']) : null,
          });
          break;
        }
        case 'WorkOrderEvaluated':
          evaluations.push({ by: text(d['by']), score: Number(d['score']), opinion: text(d['opinion']), at: text(d['at']) });
          break;
      }
    }
    return { coordinates, jurisdiction, description, returnedBy: [...returnedBy], records: [...records.values()], evaluations };
  }

  /** Open orders per party: `field` is providerId or assigneeId. */
  async openOrders(field: 'providerId' | 'assigneeId', ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    await this.freshness.caughtUp([WORK_ORDERS]);
    const rows = await this.store
      .collection(WORK_ORDERS)
      .aggregate<{ _id: string; open: number }>([
        { $match: { $and: [{ [field]: { $in: [...ids] } }, { status: { $in: [...OPEN_WORK_STATUSES] } }, visibleRows] } },
        { $group: { _id: `$${field}`, open: { $sum: 1 } } },
      ]);
    return new Map(rows.map((r) => [r._id, r.open]));
  }

  /** Every evaluation score of the party's orders, the equipment user's and the manufacturer's alike. */
  async ratings(field: 'providerId' | 'assigneeId', ids: readonly string[]): Promise<Map<string, Ratings>> {
    if (ids.length === 0) return new Map();
    await this.freshness.caughtUp([WORK_ORDERS]);
    const scored = (name: string) => ({ $cond: [{ $gt: [`$${name}`, 0] }, 1, 0] });
    const score = (name: string) => ({ $cond: [{ $gt: [`$${name}`, 0] }, `$${name}`, 0] });
    const rows = await this.store.collection(WORK_ORDERS).aggregate<{ _id: string; count: number; sum: number }>([
      { $match: { $and: [{ [field]: { $in: [...ids] } }, { $or: [{ userScore: { $gt: 0 } }, { manufacturerScore: { $gt: 0 } }] }, visibleRows] } },
      { $project: { party: `$${field}`, count: { $add: [scored('userScore'), scored('manufacturerScore')] }, sum: { $add: [score('userScore'), score('manufacturerScore')] } } },
      { $group: { _id: '$party', count: { $sum: '$count' }, sum: { $sum: '$sum' } } },
    ]);
    return new Map(rows.map((r) => [r._id, { count: r.count, sum: r.sum }]));
  }

  /** Users holding an approved engineer certification (ID-7), among `userIds`. */
  async certifiedEngineers(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    await this.freshness.caughtUp(['qualifications']);
    const rows = await this.store.collection('qualifications').find({ $and: [{ _id: { $in: [...userIds] } }, { engineer: true }, visibleRows] }, { projection: { _id: 1 } });
    return new Set(rows.map((r) => r._id));
  }

  /** Display names of accounts (null where none was given). */
  async names(userIds: readonly string[]): Promise<Map<string, string | null>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.store.collection('accounts').find({ $and: [{ _id: { $in: [...userIds] } }, visibleRows] }, { projection: { _id: 1, displayName: 1 } });
    return new Map(rows.map((r) => [r._id, typeof r['displayName'] === 'string' && r['displayName'] !== '' ? r['displayName'] : null]));
  }

  /** Names of enterprises. */
  async enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id) => id !== ''))];
    if (wanted.length === 0) return new Map();
    const rows = await this.store.collection('enterprises').find({ $and: [{ _id: { $in: wanted } }, visibleRows] }, { projection: { _id: 1, name: 1 } });
    return new Map(rows.map((r) => [r._id, String(r['name'] ?? r._id)]));
  }
}
