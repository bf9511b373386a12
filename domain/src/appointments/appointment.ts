import { IllegalTransition, RuleViolation, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';

// ---- The visit appointment of a work order (stream `Appointment-<workOrderId>`) -------------------
//
// The provider (its admin or the assigned engineer) proposes one or more visit slots with a place and
// an engineer; the equipment user confirms one or asks for others, saying why; a new proposal replaces
// the last one (also after a confirmation: the provider moves the visit). Before a confirmed visit the
// platform records one reminder: the reminder job may run twice, the decider records it once.

export interface VisitSlot {
  readonly start: string;
  readonly end: string;
}

export const APPOINTMENT_SLOTS_MAX = 5;
/** Work-order statuses in which a visit is arranged: dispatched, accepted by the provider, until done. */
export const APPOINTMENT_ORDER_STATUSES: readonly string[] = ['accepted', 'assigned', 'engineer-accepted', 'in-progress'];

/** Who the appointment is between, copied from the order when it is proposed. */
export interface AppointmentParties {
  readonly providerId: string;
  /** The requester and the device's owner: the equipment user's side. */
  readonly customerIds: readonly string[];
  readonly regions: readonly string[];
}

export type AppointmentProposed = DomainEvent<
  'AppointmentProposed',
  { workOrderId: string; round: number; slots: readonly VisitSlot[]; place: string; engineerId: string | null; parties: AppointmentParties; by: Party; at: string }
>;
export type AppointmentConfirmed = DomainEvent<'AppointmentConfirmed', { workOrderId: string; round: number; slot: VisitSlot; remindAt: string; by: Party; at: string }>;
export type AppointmentRescheduleRequested = DomainEvent<'AppointmentRescheduleRequested', { workOrderId: string; round: number; reason: string; by: Party; at: string }>;
/** Notification-ready: the visit is near; whom to tell is in the data. */
export type AppointmentReminderDue = DomainEvent<
  'AppointmentReminderDue',
  { workOrderId: string; round: number; slot: VisitSlot; place: string; engineerId: string | null; parties: AppointmentParties; at: string }
>;
export type AppointmentEvent = AppointmentProposed | AppointmentConfirmed | AppointmentRescheduleRequested | AppointmentReminderDue;

/** The order as the handler read it from its stream. */
export interface AppointmentOrderFacts {
  readonly status: string;
  readonly providerId: string | null;
  readonly requesterId: string;
  readonly ownerId: string | null;
  readonly assigneeId: string | null;
  readonly regions: readonly string[];
}

type By = { workOrderId: string; by: Party; at: string };
export type ProposeAppointment = Command<
  'ProposeAppointment',
  By & { slots: readonly VisitSlot[]; place: string; engineerId: string | null; engineerIsMember: boolean; order: AppointmentOrderFacts | null }
>;
export type ConfirmAppointment = Command<'ConfirmAppointment', By & { slotStart: string; reminderLeadMinutes: number }>;
export type RequestAppointmentReschedule = Command<'RequestAppointmentReschedule', By & { reason: string }>;
/** From the reminder job, for the visit that starts at `slotStart`. */
export type RemindOfAppointment = Command<'RemindOfAppointment', By & { slotStart: string }>;
export type AppointmentCommand = ProposeAppointment | ConfirmAppointment | RequestAppointmentReschedule | RemindOfAppointment;

export type AppointmentStatus = 'none' | 'proposed' | 'confirmed' | 'reschedule-requested';

export interface AppointmentState {
  readonly status: AppointmentStatus;
  readonly round: number;
  readonly slots: readonly VisitSlot[];
  readonly place: string;
  readonly engineerId: string | null;
  readonly parties: AppointmentParties | null;
  readonly confirmed: VisitSlot | null;
  readonly remindAt: string | null;
  /** Start instants of the confirmed visits already reminded of. */
  readonly reminded: readonly string[];
}

export class AppointmentRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'AppointmentRuleViolation';
  }
}

export const appointmentStream = (workOrderId: string): string => `Appointment-${workOrderId}`;

const notYours = (message: string) => new AppointmentRuleViolation('not-your-role', 'actor', message);
const enterpriseOf = (by: Party): string | null => (by.kind === 'enterprise' ? by.enterpriseId : null);
const iso = (instant: string): string => new Date(instant).toISOString();

const checkSlots = (slots: readonly VisitSlot[], at: string): VisitSlot[] => {
  if (slots.length === 0 || slots.length > APPOINTMENT_SLOTS_MAX) throw new AppointmentRuleViolation('slot-count', 'slots', `propose 1 to ${APPOINTMENT_SLOTS_MAX} slots`);
  const normalised = slots.map((s) => ({ start: iso(s.start), end: iso(s.end) }));
  normalised.forEach((slot, i) => {
    if (Date.parse(slot.end) <= Date.parse(slot.start)) throw new AppointmentRuleViolation('end-after-start', `slots[${i}].end`, 'a slot ends after it starts');
    if (Date.parse(slot.start) <= Date.parse(at)) throw new AppointmentRuleViolation('in-future', `slots[${i}].start`, 'a slot lies in the future');
  });
  return normalised.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
};

export const appointment: Decider<AppointmentCommand, AppointmentEvent, AppointmentState> = {
  initialState: () => ({ status: 'none', round: 0, slots: [], place: '', engineerId: null, parties: null, confirmed: null, remindAt: null, reminded: [] }),
  decide: (command, state) => {
    const { workOrderId, by, at } = command.data;
    switch (command.type) {
      case 'ProposeAppointment': {
        const { order } = command.data;
        if (order === null) throw new AppointmentRuleViolation('exists', 'workOrderId', 'no such work order');
        if (order.providerId === null || enterpriseOf(by) !== order.providerId) throw notYours('visits are proposed by the provider the order is with');
        if (!APPOINTMENT_ORDER_STATUSES.includes(order.status)) throw new IllegalTransition(order.status, command.type);
        if (command.data.place.trim() === '') throw new AppointmentRuleViolation('required', 'place', 'say where the visit takes place');
        if (command.data.engineerId !== null && !command.data.engineerIsMember) throw new AppointmentRuleViolation('engineer-member', 'engineerId', 'the engineer is not an active member of the provider');
        const slots = checkSlots(command.data.slots, at);
        const customerIds = [...new Set([order.requesterId, order.ownerId].filter((id): id is string => id !== null))];
        return [
          {
            type: 'AppointmentProposed',
            data: { workOrderId, round: state.round + 1, slots, place: command.data.place.trim(), engineerId: command.data.engineerId ?? order.assigneeId, parties: { providerId: order.providerId, customerIds, regions: [...order.regions] }, by, at },
          },
        ];
      }
      case 'ConfirmAppointment': {
        if (state.status !== 'proposed') throw new IllegalTransition(state.status, command.type);
        const enterpriseId = enterpriseOf(by);
        if (enterpriseId === null || !state.parties!.customerIds.includes(enterpriseId)) throw notYours('the equipment user confirms the visit');
        const slot = state.slots.find((s) => s.start === iso(command.data.slotStart));
        if (!slot) throw new AppointmentRuleViolation('proposed-slot', 'slotStart', 'confirm one of the proposed slots');
        if (Date.parse(slot.start) <= Date.parse(at)) throw new AppointmentRuleViolation('in-future', 'slotStart', 'that slot has passed: ask for another');
        const remindAt = new Date(Math.max(Date.parse(at), Date.parse(slot.start) - command.data.reminderLeadMinutes * 60_000)).toISOString();
        return [{ type: 'AppointmentConfirmed', data: { workOrderId, round: state.round, slot, remindAt, by, at } }];
      }
      case 'RequestAppointmentReschedule': {
        if (state.status !== 'proposed' && state.status !== 'confirmed') throw new IllegalTransition(state.status, command.type);
        const enterpriseId = enterpriseOf(by);
        if (enterpriseId === null || !state.parties!.customerIds.includes(enterpriseId)) throw notYours('the equipment user asks for another time');
        if (command.data.reason.trim() === '') throw new AppointmentRuleViolation('required', 'reason', 'say why another time is needed');
        return [{ type: 'AppointmentRescheduleRequested', data: { workOrderId, round: state.round, reason: command.data.reason.trim(), by, at } }];
      }
      case 'RemindOfAppointment': {
        // A job for a visit that was moved, or run a second time, has nothing left to remind of.
        const slotStart = iso(command.data.slotStart);
        if (state.status !== 'confirmed' || state.confirmed!.start !== slotStart || state.reminded.includes(slotStart)) return [];
        return [{ type: 'AppointmentReminderDue', data: { workOrderId, round: state.round, slot: state.confirmed!, place: state.place, engineerId: state.engineerId, parties: state.parties!, at } }];
      }
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'AppointmentProposed':
        return { ...state, status: 'proposed', round: event.data.round, slots: event.data.slots, place: event.data.place, engineerId: event.data.engineerId, parties: event.data.parties, confirmed: null, remindAt: null };
      case 'AppointmentConfirmed':
        return { ...state, status: 'confirmed', confirmed: event.data.slot, remindAt: event.data.remindAt };
      case 'AppointmentRescheduleRequested':
        return { ...state, status: 'reschedule-requested', confirmed: null, remindAt: null };
      case 'AppointmentReminderDue':
        return { ...state, reminded: [...state.reminded, event.data.slot.start] };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
