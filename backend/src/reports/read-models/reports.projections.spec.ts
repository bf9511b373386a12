import { parseReportDefinition, reportStream, type ReportEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { reportsProjection } from './reports.projections';

const definition = parseReportDefinition({ name: '各市报修量', dimensions: ['region'], measures: ['requests'] });
const party = { kind: 'operator', id: 'node-44', regionCode: '44' } as const;
const scope = { metadata: { tenantIds: [], jurisdiction: ['44'] } };

describe('reports', () => {
  it('keeps a report under its party’s scope, follows sharing and schedules, and drops it when deleted', async () => {
    const log = eventLog<ReportEvent>();
    const created = log.record(reportStream('r-1'), { type: 'ReportCreated', data: { reportId: 'r-1', ownerId: 'u-1', party, definition, at: 't1' } }, scope);
    const shared = log.record(reportStream('r-1'), { type: 'ReportShared', data: { reportId: 'r-1', by: 'u-1', at: 't2' } }, scope);
    const scheduled = log.record(reportStream('r-1'), { type: 'ReportScheduled', data: { reportId: 'r-1', by: 'u-1', at: 't3', schedule: { frequency: 'daily', time: '08:30' }, recipients: ['u-2'] } }, scope);
    const other = log.record(reportStream('r-2'), { type: 'ReportCreated', data: { reportId: 'r-2', ownerId: 'u-1', party, definition, at: 't4' } }, scope);
    const deleted = log.record(reportStream('r-2'), { type: 'ReportDeleted', data: { reportId: 'r-2', by: 'u-1', at: 't5' } }, scope);
    await projectionSpec(reportsProjection)
      .given(created, shared, scheduled, other, deleted)
      .then([
        {
          _id: 'r-1',
          name: '各市报修量',
          definition,
          ownerId: 'u-1',
          party,
          partyKey: 'operator:node-44',
          visibility: 'shared',
          schedule: { frequency: 'daily', time: '08:30' },
          recipients: ['u-2'],
          createdAt: 't1',
          updatedAt: 't3',
          scope: { tenants: [], regions: ['44'] },
        },
      ]);
  });
});
