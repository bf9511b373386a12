import { IllegalTransition } from '../event-sourcing/decider';
import { deciderSpec } from '@kuaige/testkit';
import { operatorStaff, type OperatorStaffAppointed } from './operator-staff';
import { TenancyRuleViolation } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const pair = { nodeId: 'n1', userId: 'u1' };
const appointed: OperatorStaffAppointed = {
  type: 'OperatorStaffAppointed',
  data: { ...pair, divisionCode: '4403', roles: ['operator-admin'], appointedBy: 'u0', at },
};

describe('Operator staff', () => {
  const given = deciderSpec(operatorStaff(['operator-admin', 'operator-staff', 'compliance']));
  const rule = (name: string) => (e: TenancyRuleViolation) => expect([e.rule, e.field]).toEqual([name, 'roles']);

  const appoint = (data: Partial<OperatorStaffAppointed['data']> & { nodeStatus?: 'active' | 'suspended' | null } = {}) =>
    ({ type: 'AppointOperatorStaff', data: { ...appointed.data, nodeStatus: 'active', ...data } }) as const;

  it('appoints to an active node only', () => {
    given([]).when(appoint()).then([appointed]);
    given([]).when(appoint({ nodeStatus: 'suspended' })).thenThrows(TenancyRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['node-active', 'nodeId']));
    given([]).when(appoint({ nodeStatus: null })).thenThrows(TenancyRuleViolation, (e) => expect(e.rule).toBe('node-exists'));
  });

  it('appoints with operator roles only, each once, at least one', () => {
    given([]).when(appoint({ roles: [] })).thenThrows(TenancyRuleViolation, rule('roles-required'));
    given([]).when(appoint({ roles: ['admin'] })).thenThrows(TenancyRuleViolation, rule('operator-role'));
    given([])
      .when(appoint({ roles: ['compliance', 'compliance'] }))
      .thenThrows(TenancyRuleViolation, rule('roles-unique'));
  });

  it('treats the same appointment again as done, and another one as a conflict', () => {
    given([appointed]).when(appoint()).then([]);
    given([appointed])
      .when(appoint({ roles: ['compliance'] }))
      .thenThrows(TenancyRuleViolation, (e) => expect(e.rule).toBe('already-staff'));
  });

  it('changes roles of active staff only, and removes once', () => {
    const change = { type: 'ChangeOperatorStaffRoles' as const, data: { ...pair, roles: ['operator-staff'], changedBy: 'u0', at } };
    given([appointed]).when(change).then([{ type: 'OperatorStaffRolesChanged', data: change.data }]);
    given([]).when(change).thenThrows(IllegalTransition);
    const remove = { type: 'RemoveOperatorStaff' as const, data: { ...pair, removedBy: 'u0', reason: 'left', at } };
    given([appointed]).when(remove).then([{ type: 'OperatorStaffRemoved', data: remove.data }]);
    given([appointed, { type: 'OperatorStaffRemoved', data: remove.data }]).when(remove).then([]);
    given([appointed, { type: 'OperatorStaffRemoved', data: remove.data }])
      .when(appoint())
      .then([appointed]);
  });
});
