import type { ReturnVisitEvent, ReturnVisitOutcome } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Return visits: one row per closed work order, scoped like the order ---------------------------
// Providers' and operators' queues read the scheduled rows by due date; evaluations read the recorded
// satisfaction.

export const RETURN_VISITS_COLLECTION = 'return_visits';

export interface ReturnVisitRow extends Row {
  readonly _id: string;
  readonly workOrderId: string;
  readonly number: string;
  readonly status: 'scheduled' | 'recorded';
  readonly dueAt: string;
  readonly providerId: string | null;
  readonly outcome: ReturnVisitOutcome | null;
  readonly satisfaction: number | null;
  readonly note: string;
  readonly recordedBy: { readonly userId: string | null; readonly kind: string; readonly partyId: string | null } | null;
  readonly recordedAt: string | null;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

const idOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);

export const returnVisitsProjection = projection<ReturnVisitEvent, ReturnVisitRow>(RETURN_VISITS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_status_due', key: { status: 1, dueAt: 1 } },
    { name: 'by_provider', key: { providerId: 1, status: 1 } },
  ],
  on: {
    ReturnVisitScheduled: (e) =>
      row<ReturnVisitRow>(e.data.workOrderId, () => ({
        _id: e.data.workOrderId,
        workOrderId: e.data.workOrderId,
        number: e.data.number,
        status: 'scheduled',
        dueAt: e.data.dueAt,
        providerId: e.data.parties.providerId,
        outcome: null,
        satisfaction: null,
        note: '',
        recordedBy: null,
        recordedAt: null,
        scope: {
          tenants: [...new Set([...e.data.parties.customerIds, e.data.parties.manufacturerId, e.data.parties.providerId].filter((t): t is string => t !== null))],
          regions: [...e.data.parties.regions],
        },
      })),
    ReturnVisitRecorded: (e) =>
      row<ReturnVisitRow>(idOf(e), (current) => {
        if (!current) return null;
        const by = e.data.by;
        return {
          ...current,
          status: 'recorded',
          outcome: e.data.outcome,
          satisfaction: e.data.satisfaction,
          note: e.data.note,
          recordedBy: { kind: by.kind, userId: by.kind === 'system' ? null : by.userId, partyId: by.kind === 'enterprise' ? by.enterpriseId : by.kind === 'operator' ? by.nodeId : null },
          recordedAt: e.data.at,
        };
      }),
  },
});

export const RETURN_VISITS_PROJECTIONS: readonly Projection[] = [returnVisitsProjection];
