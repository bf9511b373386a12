import type { AppointmentEvent, AppointmentStatus, VisitSlot } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- The appointment of each work order: one row, with its rounds' history ------------------------
// Scoped like the order (the provider, the requester and owner; the device's jurisdiction). The
// reminder sweep reads the confirmed rows not yet reminded of (`reminderPending`).

export const APPOINTMENTS_COLLECTION = 'appointments';

export interface AppointmentRow extends Row {
  readonly _id: string;
  readonly workOrderId: string;
  readonly status: Exclude<AppointmentStatus, 'none'>;
  readonly round: number;
  readonly slots: readonly VisitSlot[];
  readonly place: string;
  readonly engineerId: string | null;
  readonly providerId: string;
  readonly customerIds: readonly string[];
  readonly confirmed: VisitSlot | null;
  readonly remindAt: string | null;
  readonly reminderPending: boolean;
  readonly remindedAt: string | null;
  readonly history: readonly { readonly round: number; readonly kind: 'proposed' | 'confirmed' | 'reschedule-requested' | 'reminded'; readonly by: string | null; readonly reason: string | null; readonly at: string }[];
  readonly updatedAt: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

const idOf = (e: RecordedEvent): string => e.streamId.slice(e.streamId.indexOf('-') + 1);
const userOf = (by: { kind: string; userId?: string }): string | null => by.userId ?? null;

const change = (e: RecordedEvent<AppointmentEvent>, apply: (r: AppointmentRow) => Partial<AppointmentRow>) =>
  row<AppointmentRow>(idOf(e), (current) => current && { ...current, ...apply(current), updatedAt: e.data.at });

export const appointmentsProjection = projection<AppointmentEvent, AppointmentRow>(APPOINTMENTS_COLLECTION, {
  version: 1,
  scoped: true,
  indexes: [{ name: 'by_reminder', key: { reminderPending: 1, remindAt: 1 } }],
  on: {
    AppointmentProposed: (e) =>
      row<AppointmentRow>(idOf(e), (current) => {
        const d = e.data;
        return {
          _id: d.workOrderId,
          workOrderId: d.workOrderId,
          status: 'proposed',
          round: d.round,
          slots: d.slots,
          place: d.place,
          engineerId: d.engineerId,
          providerId: d.parties.providerId,
          customerIds: d.parties.customerIds,
          confirmed: null,
          remindAt: null,
          reminderPending: false,
          remindedAt: null,
          history: [...(current?.history ?? []), { round: d.round, kind: 'proposed', by: userOf(d.by), reason: null, at: d.at }],
          updatedAt: d.at,
          scope: { tenants: [...new Set([d.parties.providerId, ...d.parties.customerIds])], regions: [...d.parties.regions] },
        };
      }),
    AppointmentConfirmed: (e) =>
      change(e, (r) => ({
        status: 'confirmed',
        confirmed: e.data.slot,
        remindAt: e.data.remindAt,
        reminderPending: true,
        remindedAt: null,
        history: [...r.history, { round: e.data.round, kind: 'confirmed', by: userOf(e.data.by), reason: null, at: e.data.at }],
      })),
    AppointmentRescheduleRequested: (e) =>
      change(e, (r) => ({
        status: 'reschedule-requested',
        confirmed: null,
        remindAt: null,
        reminderPending: false,
        history: [...r.history, { round: e.data.round, kind: 'reschedule-requested', by: userOf(e.data.by), reason: e.data.reason, at: e.data.at }],
      })),
    AppointmentReminderDue: (e) => change(e, (r) => ({ reminderPending: false, remindedAt: e.data.at, history: [...r.history, { round: e.data.round, kind: 'reminded', by: null, reason: null, at: e.data.at }] })),
  },
});

export const APPOINTMENTS_PROJECTIONS: readonly Projection[] = [appointmentsProjection];
