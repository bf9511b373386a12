import type { DomainEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { auditEntriesProjection } from './audit-entries.projection';

const origin = {
  at: '2026-12-01T08:00:00.000Z',
  ip: '203.0.113.7',
  userAgent: 'ua',
  method: 'GET',
  route: '/api/v1/audit/entries',
  params: {},
  requestId: 'r1',
};

describe('audit_entries read model', () => {
  it('keeps one row per event of any stream, scoped by its metadata; refusals and failures say so', async () => {
    const log = eventLog<DomainEvent>();
    const county = ['440305', '4403', '44', 'CN'];
    await projectionSpec(auditEntriesProjection)
      .given(
        // A business event no handler names: the generic row, in the enterprise's scope.
        log.record(
          'WorkOrder-w1',
          { type: 'WorkOrderDispatched', data: { workOrderId: 'w1', providerId: 'p1' } },
          {
            eventId: 'e1',
            metadata: {
              actor: { userId: 'u1', operatorNodeId: 'n1', ip: '10.0.0.1' },
              tenantIds: ['o1'],
              jurisdiction: county,
              occurredAt: '2026-12-01T07:00:00.000Z',
            },
          },
        ),
        log.record(
          'SecurityLog-u2',
          { type: 'AccessDenied', data: { ...origin, status: 403, rule: 'permission' } },
          {
            eventId: 'e2',
            metadata: { actor: { userId: 'u2', enterpriseId: 'o1', ip: '203.0.113.7' }, tenantIds: ['o1'], jurisdiction: county },
          },
        ),
        // Accounts belong to no tenant: national level only.
        log.record(
          'AccountLoginAttempts-u3',
          { type: 'LoginFailed', data: { at: origin.at, ip: '198.51.100.1', userAgent: 'curl', reason: 'wrong-password' } },
          { eventId: 'e3', metadata: { actor: { userId: 'u3', ip: '198.51.100.1' } } },
        ),
      )
      .then([
        {
          _id: 'e1',
          position: 1,
          revision: 0,
          at: '2026-12-01T07:00:00.000Z',
          type: 'WorkOrderDispatched',
          stream: 'WorkOrder-w1',
          category: 'WorkOrder',
          actor: 'u1',
          enterpriseId: null,
          nodeId: 'n1',
          ip: '10.0.0.1',
          userAgent: null,
          result: 'success',
          summary: null,
          correlationId: 'spec-command',
          scope: { tenants: ['o1'], regions: county },
        },
        {
          _id: 'e2',
          position: 2,
          revision: 0,
          at: '2026-01-01T00:00:00.000Z',
          type: 'AccessDenied',
          stream: 'SecurityLog-u2',
          category: 'SecurityLog',
          actor: 'u2',
          enterpriseId: 'o1',
          nodeId: null,
          ip: '203.0.113.7',
          userAgent: 'ua',
          result: 'denied',
          summary: 'GET /api/v1/audit/entries → 403 permission',
          correlationId: 'spec-command',
          scope: { tenants: ['o1'], regions: county },
        },
        {
          _id: 'e3',
          position: 3,
          revision: 0,
          at: '2026-01-01T00:00:00.000Z',
          type: 'LoginFailed',
          stream: 'AccountLoginAttempts-u3',
          category: 'AccountLoginAttempts',
          actor: 'u3',
          enterpriseId: null,
          nodeId: null,
          ip: '198.51.100.1',
          userAgent: 'curl',
          result: 'failure',
          summary: 'wrong-password',
          correlationId: 'spec-command',
          scope: { tenants: [], regions: ['CN'] },
        },
      ]);
  });
});
