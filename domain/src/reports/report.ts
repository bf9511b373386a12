import { IllegalTransition, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';
import { ReportRuleViolation, type ReportDefinition } from './report-definition';
import type { ReportSchedule } from './report-schedule';

// ---- A saved custom report (stream `Report-<reportId>`) ---------------------------------------------
//
// A report belongs to the person who saved it, inside the party they acted for (an enterprise, or an
// operator node). Private, only its owner sees it; shared, everyone of that party who may read reports
// runs it — each in their own scope, which is the runner's business, not the definition's. Only the
// owner, or an admin of the same party, changes it. Recipients of a schedule are people of that party;
// who is one is looked up by the handler and handed in.

export type ReportVisibility = 'private' | 'shared';

/** The party a report belongs to: it is shared inside it and nowhere else. */
export type ReportParty = { readonly kind: 'enterprise'; readonly id: string } | { readonly kind: 'operator'; readonly id: string; readonly regionCode: string };

/** Who asks: the person, and whether they administer their party (enterprise admin, operator admin). */
export interface ReportActor {
  readonly party: Party;
  readonly admin: boolean;
}

type At = { reportId: string; by: string; at: string };
export type ReportCreated = DomainEvent<'ReportCreated', { reportId: string; ownerId: string; party: ReportParty; definition: ReportDefinition; at: string }>;
export type ReportUpdated = DomainEvent<'ReportUpdated', At & { definition: ReportDefinition }>;
export type ReportShared = DomainEvent<'ReportShared', At>;
export type ReportUnshared = DomainEvent<'ReportUnshared', At>;
export type ReportScheduled = DomainEvent<'ReportScheduled', At & { schedule: ReportSchedule; recipients: readonly string[] }>;
export type ReportUnscheduled = DomainEvent<'ReportUnscheduled', At>;
export type ReportDeleted = DomainEvent<'ReportDeleted', At>;
export type ReportEvent = ReportCreated | ReportUpdated | ReportShared | ReportUnshared | ReportScheduled | ReportUnscheduled | ReportDeleted;

type Asked = { reportId: string; by: ReportActor; at: string };
export type CreateReport = Command<'CreateReport', Asked & { definition: ReportDefinition }>;
export type UpdateReport = Command<'UpdateReport', Asked & { definition: ReportDefinition }>;
export type ShareReport = Command<'ShareReport', Asked>;
export type UnshareReport = Command<'UnshareReport', Asked>;
export type ScheduleReport = Command<
  'ScheduleReport',
  Asked & {
    schedule: ReportSchedule;
    recipients: readonly string[];
    /** Recipients who are not people of the report's party (handler's look-up). */
    outsideParty: readonly string[];
  }
>;
export type UnscheduleReport = Command<'UnscheduleReport', Asked>;
export type DeleteReport = Command<'DeleteReport', Asked>;
export type ReportCommand = CreateReport | UpdateReport | ShareReport | UnshareReport | ScheduleReport | UnscheduleReport | DeleteReport;

export type Report =
  | { readonly status: 'none' }
  | {
      readonly status: 'saved' | 'deleted';
      readonly reportId: string;
      readonly ownerId: string;
      readonly party: ReportParty;
      readonly definition: ReportDefinition;
      readonly visibility: ReportVisibility;
      readonly schedule: ReportSchedule | null;
      readonly recipients: readonly string[];
    };

export const reportStream = (reportId: string): string => `Report-${reportId}`;

export const reportPartyOf = (party: Party): ReportParty | null =>
  party.kind === 'enterprise' ? { kind: 'enterprise', id: party.enterpriseId } : party.kind === 'operator' ? { kind: 'operator', id: party.nodeId, regionCode: party.regionCode } : null;

const sameParty = (a: ReportParty, b: ReportParty): boolean => a.kind === b.kind && a.id === b.id;

const userOf = (by: ReportActor): string => (by.party.kind === 'system' ? '' : by.party.userId);

type Saved = Exclude<Report, { status: 'none' }>;

/** The report as its owner or an admin of its party may change it; anyone else is refused. */
const changeable = (state: Report, command: ReportCommand): Saved => {
  if (state.status !== 'saved') throw new IllegalTransition(state.status, command.type);
  const by = command.data.by;
  const party = reportPartyOf(by.party);
  const owner = userOf(by) === state.ownerId;
  if (!owner && !(by.admin && party !== null && sameParty(party, state.party)))
    throw new ReportRuleViolation('owner-only', 'id', 'only the report’s owner or an admin of its enterprise or operator node changes it');
  return state;
};

export const report: Decider<ReportCommand, ReportEvent, Report> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    const d = command.data;
    const stamp = { reportId: d.reportId, by: userOf(d.by), at: d.at };
    switch (command.type) {
      case 'CreateReport': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        const party = reportPartyOf(d.by.party);
        if (party === null) throw new ReportRuleViolation('not-your-role', 'actor', 'reports are saved by people acting for an enterprise or operator node');
        return [{ type: 'ReportCreated', data: { reportId: d.reportId, ownerId: userOf(d.by), party, definition: command.data.definition, at: d.at } }];
      }
      case 'UpdateReport':
        changeable(state, command);
        return [{ type: 'ReportUpdated', data: { ...stamp, definition: command.data.definition } }];
      case 'ShareReport':
        return changeable(state, command).visibility === 'shared' ? [] : [{ type: 'ReportShared', data: stamp }];
      case 'UnshareReport':
        return changeable(state, command).visibility === 'private' ? [] : [{ type: 'ReportUnshared', data: stamp }];
      case 'ScheduleReport': {
        changeable(state, command);
        const recipients = [...new Set(command.data.recipients)];
        const outside = recipients.findIndex((r) => command.data.outsideParty.includes(r));
        if (outside !== -1) throw new ReportRuleViolation('same-party', `recipients[${outside}]`, 'recipients are people of the report’s own enterprise or operator node');
        return [{ type: 'ReportScheduled', data: { ...stamp, schedule: command.data.schedule, recipients } }];
      }
      case 'UnscheduleReport':
        return changeable(state, command).schedule === null ? [] : [{ type: 'ReportUnscheduled', data: stamp }];
      case 'DeleteReport':
        changeable(state, command);
        return [{ type: 'ReportDeleted', data: stamp }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    if (event.type === 'ReportCreated')
      return { status: 'saved', reportId: event.data.reportId, ownerId: event.data.ownerId, party: event.data.party, definition: event.data.definition, visibility: 'private', schedule: null, recipients: [] };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'ReportUpdated':
        return { ...state, definition: event.data.definition };
      case 'ReportShared':
        return { ...state, visibility: 'shared' };
      case 'ReportUnshared':
        return { ...state, visibility: 'private' };
      case 'ReportScheduled':
        return { ...state, schedule: event.data.schedule, recipients: event.data.recipients };
      case 'ReportUnscheduled':
        return { ...state, schedule: null, recipients: [] };
      case 'ReportDeleted':
        return { ...state, status: 'deleted', schedule: null, recipients: [] };
    }
  },
};
