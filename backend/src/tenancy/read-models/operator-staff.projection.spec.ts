import type { OperatorStaffEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { operatorStaffProjection } from './operator-staff.projection';

describe('operator_staff read model', () => {
  it('keeps one row per node and person in the node’s jurisdiction, with current roles; removal drops it', async () => {
    const log = eventLog<OperatorStaffEvent>();
    const pair = { nodeId: 'n1', userId: 'u1' };
    await projectionSpec(operatorStaffProjection)
      .given(
        log.record('OperatorStaff-n1-u1', {
          type: 'OperatorStaffAppointed',
          data: { ...pair, divisionCode: '4403', roles: ['operator-admin'], appointedBy: 'u0', at: 't0' },
        }),
        log.record('OperatorStaff-n1-u1', { type: 'OperatorStaffRolesChanged', data: { ...pair, roles: ['compliance'], changedBy: 'u0', at: 't1' } }),
        log.record('OperatorStaff-n1-u2', {
          type: 'OperatorStaffAppointed',
          data: { nodeId: 'n1', userId: 'u2', divisionCode: '4403', roles: ['operator-staff'], appointedBy: 'u0', at: 't2' },
        }),
        log.record('OperatorStaff-n1-u2', { type: 'OperatorStaffRemoved', data: { nodeId: 'n1', userId: 'u2', removedBy: 'u0', reason: '调岗', at: 't3' } }),
      )
      .then([
        {
          _id: 'n1:u1',
          scope: { tenants: [], regions: ['4403', '44', 'CN'] },
          nodeId: 'n1',
          userId: 'u1',
          divisionCode: '4403',
          roles: ['compliance'],
          since: 't0',
          appointedBy: 'u0',
        },
      ]);
  });
});
