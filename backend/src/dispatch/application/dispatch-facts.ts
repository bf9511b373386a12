import { Inject, Injectable } from '@nestjs/common';
import { OPEN_WORK_STATUSES, workOrderStream, type Coordinates, type Ratings, type WorkOrderEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';

// ---- What dispatch reads besides its own profiles: work orders, certifications, names ------------
// Work orders: the `work_orders` list row by the contract's field names, and the events of
// `WorkOrder-<id>` typed by the work-order context's event union.

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

  /** Folds the facts dispatch needs from the order's own events. */
  async orderStream(workOrderId: string): Promise<OrderStreamFacts> {
    // Stored events as the work-order union: a discriminated pair, so each case sees its own data.
    const recorded = (await this.events.readStream(workOrderStream(workOrderId))).map((r) => ({ type: r.type, data: r.data }) as WorkOrderEvent);
    let coordinates: Coordinates | null = null;
    let jurisdiction: readonly string[] = [];
    let description: string | null = null;
    const returnedBy = new Set<string>();
    const records = new Map<string, ProcessingRecordView>();
    const evaluations: OrderStreamFacts['evaluations'][number][] = [];
    for (const e of recorded) {
      switch (e.type) {
        case 'MaintenanceRequested':
          coordinates = e.data.device.coordinates;
          jurisdiction = e.data.device.jurisdiction;
          description = e.data.fault.description;
          break;
        case 'DispatchReturned':
          returnedBy.add(e.data.providerId);
          break;
        case 'ProcessingRecordAdded':
        case 'ProcessingRecordEdited': {
          const d = e.data;
          records.set(d.recordId, {
            recordId: d.recordId,
            engineerId: d.engineerId,
            steps: d.steps,
            parts: d.parts.map((p) => ({ name: p.name, quantity: p.quantity, unit: p.unit })),
            tools: [...d.tools],
            cause: d.cause,
            result: d.result,
            at: records.get(d.recordId)?.at ?? d.at,
            editedAt: e.type === 'ProcessingRecordEdited' ? d.at : null,
          });
          break;
        }
        case 'WorkOrderEvaluated':
          evaluations.push({ by: e.data.by, score: e.data.score, opinion: e.data.opinion, at: e.data.at });
          break;
        // The other events carry nothing the ranking or the history reads.
        default:
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
