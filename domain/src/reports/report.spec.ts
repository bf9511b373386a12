import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import { report, type ReportActor, type ReportCommand, type ReportEvent } from './report';
import { parseReportDefinition, ReportRuleViolation, type ReportDefinition } from './report-definition';
import { reportRun, type RecordReportRun } from './report-run';

const given = deciderSpec(report);
const at = '2026-12-01T02:00:00.000Z';
const owner: Party = { kind: 'operator', nodeId: 'node-4403', regionCode: '4403', userId: 'u-owner' };
const colleague: Party = { kind: 'operator', nodeId: 'node-4403', regionCode: '4403', userId: 'u-colleague' };
const otherNodeAdmin: Party = { kind: 'operator', nodeId: 'node-44', regionCode: '44', userId: 'u-gd' };
const as = (party: Party, admin = false): ReportActor => ({ party, admin });
const definition: ReportDefinition = parseReportDefinition({ name: ' 各区报修量 ', dimensions: ['region', 'month'], measures: ['requests', 'slaCompliance'], filters: { range: { kind: 'last-days', days: 30 } }, chart: 'bar' });

const command = <T extends ReportCommand['type']>(type: T, by: ReportActor, extra: object = {}): ReportCommand =>
  ({ type, data: { reportId: 'r-1', by, at, ...extra } }) as unknown as ReportCommand;
const created: ReportEvent = { type: 'ReportCreated', data: { reportId: 'r-1', ownerId: 'u-owner', party: { kind: 'operator', id: 'node-4403', regionCode: '4403' }, definition, at } };
const shared: ReportEvent = { type: 'ReportShared', data: { reportId: 'r-1', by: 'u-owner', at } };
const daily = { frequency: 'daily', time: '08:30' } as const;
const scheduled: ReportEvent = { type: 'ReportScheduled', data: { reportId: 'r-1', by: 'u-owner', at, schedule: daily, recipients: ['u-owner', 'u-colleague'] } };

describe('a saved custom report (stream Report-<reportId>)', () => {
  it('is created private, owned by its author inside the party they act for', () => {
    given([]).when(command('CreateReport', as(owner), { definition })).then([created]);
    given([created]).when(command('CreateReport', as(owner), { definition })).thenThrows(IllegalTransition);
  });

  it('is changed by its owner, or an admin of the same party, and by no one else', () => {
    const update = (by: ReportActor) => command('UpdateReport', by, { definition: { ...definition, chart: 'line' } });
    given([created]).when(update(as(owner))).then([{ type: 'ReportUpdated', data: { reportId: 'r-1', by: 'u-owner', at, definition: { ...definition, chart: 'line' } } }]);
    expect(given([created]).when(update(as(colleague, true))).events()).toHaveLength(1);
    given([created]).when(update(as(colleague))).thenThrows(ReportRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['owner-only', 'id']));
    given([created]).when(update(as(otherNodeAdmin, true))).thenThrows(ReportRuleViolation, (e) => expect(e.rule).toBe('owner-only'));
  });

  it('is shared and unshared once each way', () => {
    given([created]).when(command('ShareReport', as(owner))).then([shared]);
    given([created, shared]).when(command('ShareReport', as(owner))).then([]);
    given([created, shared]).when(command('UnshareReport', as(owner))).then([{ type: 'ReportUnshared', data: { reportId: 'r-1', by: 'u-owner', at } }]);
    given([created]).when(command('UnshareReport', as(owner))).then([]);
  });

  it('is scheduled for people of its own party only, naming the first outsider', () => {
    given([created]).when(command('ScheduleReport', as(owner), { schedule: daily, recipients: ['u-owner', 'u-colleague', 'u-owner'], outsideParty: [] })).then([scheduled]);
    given([created])
      .when(command('ScheduleReport', as(owner), { schedule: daily, recipients: ['u-colleague', 'u-stranger'], outsideParty: ['u-stranger'] }))
      .thenThrows(ReportRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['same-party', 'recipients[1]']));
    given([created, scheduled]).when(command('UnscheduleReport', as(owner))).then([{ type: 'ReportUnscheduled', data: { reportId: 'r-1', by: 'u-owner', at } }]);
    given([created]).when(command('UnscheduleReport', as(owner))).then([]);
  });

  it('is deleted by its owner, and then nothing more changes it', () => {
    const deleted: ReportEvent = { type: 'ReportDeleted', data: { reportId: 'r-1', by: 'u-owner', at } };
    given([created, scheduled]).when(command('DeleteReport', as(owner))).then([deleted]);
    given([created, deleted]).when(command('ShareReport', as(owner))).thenThrows(IllegalTransition);
    given([]).when(command('DeleteReport', as(owner))).thenThrows(IllegalTransition);
  });

  it('is saved by people, not by the platform', () => {
    given([]).when(command('CreateReport', as({ kind: 'system', reason: 'x' }), { definition })).thenThrows(ReportRuleViolation, (e) => expect(e.rule).toBe('not-your-role'));
  });
});

describe('a run of a report for one person (stream ReportRun-<runId>)', () => {
  const run: RecordReportRun = {
    type: 'RecordReportRun',
    data: { runId: 'run-1', reportId: 'r-1', reportName: '各区报修量', dueAt: '2026-12-01T00:30:00.000Z', ranAt: '2026-12-01T00:30:02.000Z', forUserId: 'u-colleague', table: { columns: [], rows: [], totals: {} } },
  };
  it('is recorded once, however often its due time fires', () => {
    const once = deciderSpec(reportRun);
    once([]).when(run).then([{ type: 'ReportRunRecorded', data: run.data }]);
    once([{ type: 'ReportRunRecorded', data: run.data }]).when(run).then([]);
  });
});
