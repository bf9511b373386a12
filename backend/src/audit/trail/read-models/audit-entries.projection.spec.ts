import type { DomainEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { auditEntriesProjection } from './audit-entries.projection';
import { viewOf } from './audit.queries';

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
  it('keeps one compact row per event of any stream (null fields left out), scoped by its metadata; refusals and failures say so', async () => {
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
          nodeId: 'n1',
          ip: '10.0.0.1',
          result: 'success',
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
          ip: '198.51.100.1',
          userAgent: 'curl',
          result: 'failure',
          summary: 'wrong-password',
          correlationId: 'spec-command',
          scope: { tenants: [], regions: ['CN'] },
        },
      ]);
  });

  it('takes the address and user agent of a business event from the origin of its request', async () => {
    const log = eventLog<DomainEvent>();
    await projectionSpec(auditEntriesProjection)
      .given(
        log.record(
          'Enterprise-o1',
          { type: 'DepartmentCreated', data: { enterpriseId: 'o1', departmentId: 'd1' } },
          { eventId: 'e9', metadata: { actor: { userId: 'u1', enterpriseId: 'o1' }, origin: { ip: '198.51.100.23', userAgent: 'Mozilla/5.0' }, tenantIds: ['o1'], jurisdiction: ['CN'] } },
        ),
      )
      .then([
        {
          _id: 'e9',
          position: 1,
          revision: 0,
          at: '2026-01-01T00:00:00.000Z',
          type: 'DepartmentCreated',
          stream: 'Enterprise-o1',
          category: 'Enterprise',
          actor: 'u1',
          enterpriseId: 'o1',
          ip: '198.51.100.23',
          userAgent: 'Mozilla/5.0',
          result: 'success',
          correlationId: 'spec-command',
          scope: { tenants: ['o1'], regions: ['CN'] },
        },
      ]);
  });

  it('shows a compact row with its absent fields as null', () => {
    const row = { _id: 'e1', position: 1, revision: 0, at: 'x', type: 'T', stream: 'S-1', category: 'S', result: 'success', correlationId: 'c', scope: { tenants: [], regions: ['CN'] } } as const;
    expect(viewOf(row)).toEqual({ id: 'e1', position: 1, revision: 0, at: 'x', type: 'T', stream: 'S-1', category: 'S', result: 'success', correlationId: 'c', actor: null, enterpriseId: null, nodeId: null, ip: null, userAgent: null, summary: null });
  });
});
