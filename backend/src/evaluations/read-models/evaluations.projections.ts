import type { Evaluator, ReturnVisitEvent, WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';
import { tenantsOf } from '../../work-orders/read-models/work-orders.projections';

// ---- Evaluations of work orders (CX-1, CX-2) -------------------------------------------------------
// One row per work order, scoped like `work_orders` (its enterprises, the device's jurisdiction, and
// `assigneeId` for engineers' personal read rule). Each evaluation keeps the provider and engineer that
// did the work when it was given, so a reopened order's earlier round stays with whoever did it. The
// return visit's satisfaction is the operator's or provider's call to the customer after closing.

export const EVALUATIONS_COLLECTION = 'work_order_evaluations';

export interface EvaluationEntry {
  readonly by: Evaluator;
  /** The overall satisfaction, 1–5 (the evaluation's `score`). */
  readonly satisfaction: number;
  readonly quality: number | null;
  readonly efficiency: number | null;
  readonly opinion: string;
  readonly providerId: string | null;
  readonly engineerId: string | null;
  readonly at: string;
}

export interface WorkOrderEvaluationRow extends Row {
  readonly _id: string;
  readonly number: string;
  readonly countyCode: string;
  readonly requesterId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly assigneeId: string | null;
  readonly evaluations: readonly EvaluationEntry[];
  readonly returnVisit: { readonly satisfaction: number; readonly providerId: string | null; readonly engineerId: string | null; readonly at: string } | null;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

const idOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);

const change = (e: RecordedEvent, apply: (r: WorkOrderEvaluationRow) => Partial<WorkOrderEvaluationRow>) =>
  row<WorkOrderEvaluationRow>(idOf(e), (current) => {
    if (!current) return null;
    const next = { ...current, ...apply(current) };
    return { ...next, scope: { tenants: tenantsOf(next), regions: current.scope.regions } };
  });

/** `work_order_evaluations`: what the equipment user and the manufacturer said, and the return visit. */
export const evaluationsProjection = projection<WorkOrderEvent | ReturnVisitEvent, WorkOrderEvaluationRow>(EVALUATIONS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_provider', key: { providerId: 1 } },
    { name: 'by_assignee', key: { assigneeId: 1 } },
  ],
  on: {
    MaintenanceRequested: (e) =>
      row<WorkOrderEvaluationRow>(e.data.workOrderId, () => {
        const d = e.data;
        const base = {
          _id: d.workOrderId,
          number: d.number,
          countyCode: d.device.countyCode,
          requesterId: d.requesterId,
          ownerId: d.device.ownerId,
          manufacturerId: d.manufacturerId,
          providerId: null,
          assigneeId: null,
          evaluations: [],
          returnVisit: null,
        };
        return { ...base, scope: { tenants: tenantsOf(base), regions: [...d.device.jurisdiction] } };
      }),
    WorkOrderDispatched: (e) => change(e, () => ({ providerId: e.data.providerId })),
    DispatchReturned: (e) => change(e, () => ({ providerId: null })),
    EngineerAssigned: (e) => change(e, () => ({ assigneeId: e.data.engineerId })),
    EngineerDeclined: (e) => change(e, () => ({ assigneeId: null })),
    WorkOrderReopened: (e) => change(e, () => ({ assigneeId: null })),
    WorkOrderEvaluated: (e) =>
      change(e, (current) => ({
        evaluations: [
          ...current.evaluations,
          {
            by: e.data.by,
            satisfaction: e.data.score,
            quality: e.data.quality ?? null,
            efficiency: e.data.efficiency ?? null,
            opinion: e.data.opinion,
            providerId: current.providerId,
            engineerId: current.assigneeId,
            at: e.data.at,
          },
        ],
      })),
    // An unreachable customer gives no satisfaction: nothing to count.
    ReturnVisitRecorded: (e) => {
      const { satisfaction, at } = e.data;
      return satisfaction === null ? null : change(e, (current) => ({ returnVisit: { satisfaction, providerId: current.providerId, engineerId: current.assigneeId, at } }));
    },
  },
});

export const EVALUATIONS_PROJECTIONS: readonly Projection[] = [evaluationsProjection];
