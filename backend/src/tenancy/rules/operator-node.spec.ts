import { IllegalTransition, operatorNode, TenancyRuleViolation, type CreateOperatorNode, type OperatorNodeEvent } from '@kuaige/domain';
import { deciderSpec } from '@kuaige/testkit';
import { TENANCY_RULES } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const principal = { name: '王敏', userId: 'u-principal' };
const contacts = { phoneEncrypted: 'enc:v1:p', phoneIndex: 'IDX-P', email: null };

const create = (divisionCode: string, parentNodeId: string | null, parentDivisionCode: string | null): CreateOperatorNode => ({
  type: 'CreateOperatorNode',
  data: {
    nodeId: `n-${divisionCode}`,
    divisionCode,
    parentNodeId,
    parentDivisionCode,
    name: `云 ${divisionCode}`,
    principal,
    contacts,
    at,
  },
});
const created = (
  divisionCode: string,
  level: 'national' | 'province' | 'city' | 'county',
  parentNodeId: string | null,
): OperatorNodeEvent => ({
  type: 'OperatorNodeCreated',
  data: { nodeId: `n-${divisionCode}`, divisionCode, level, parentNodeId, name: `云 ${divisionCode}`, principal, contacts, at },
});
const violates = (rule: string, field: string) => (e: TenancyRuleViolation) => {
  expect(e.rule).toBe(rule);
  expect(e.field).toBe(field);
};

describe('Operator node', () => {
  const given = deciderSpec(operatorNode(TENANCY_RULES));

  it('is created at the level its division code denotes, under the node of the parent division', () => {
    given([])
      .when(create('CN', null, null))
      .then([created('CN', 'national', null)]);
    given([])
      .when(create('44', 'n-CN', 'CN'))
      .then([created('44', 'province', 'n-CN')]);
    given([])
      .when(create('4403', 'n-44', '44'))
      .then([created('4403', 'city', 'n-44')]);
    given([])
      .when(create('440305', 'n-4403', '4403'))
      .then([created('440305', 'county', 'n-4403')]);
  });

  it('refuses a malformed division code', () => {
    for (const code of ['', '4', '440', '4403051', 'CHN', '44a3'])
      given([])
        .when(create(code, 'n-CN', 'CN'))
        .thenThrows(TenancyRuleViolation, violates('division-code', 'divisionCode'));
  });

  it('refuses a well-formed code that GB/T 2260 does not list', () => {
    given([])
      .when(create('4499', 'n-44', '44'))
      .thenThrows(TenancyRuleViolation, violates('division-unknown', 'divisionCode'));
    given([])
      .when(create('99', 'n-CN', 'CN'))
      .thenThrows(TenancyRuleViolation, violates('division-unknown', 'divisionCode'));
  });

  it('refuses a parent that is not the node of the parent division', () => {
    given([])
      .when(create('440305', 'n-44', '44'))
      .thenThrows(TenancyRuleViolation, violates('parent-division', 'parentNodeId'));
    given([])
      .when(create('4403', 'n-45', '45'))
      .thenThrows(TenancyRuleViolation, violates('parent-division', 'parentNodeId'));
    given([])
      .when(create('44', 'n-4403', '4403'))
      .thenThrows(TenancyRuleViolation, violates('parent-division', 'parentNodeId'));
    given([])
      .when(create('4403', null, null))
      .thenThrows(TenancyRuleViolation, violates('parent-required', 'parentNodeId'));
    given([])
      .when(create('4403', 'n-44', null))
      .thenThrows(TenancyRuleViolation, violates('parent-required', 'parentNodeId'));
    given([])
      .when(create('CN', 'n-x', 'CN'))
      .thenThrows(TenancyRuleViolation, violates('national-root-has-no-parent', 'parentNodeId'));
  });

  it('requires a name, a principal name and both parts of the phone', () => {
    const base = create('4403', 'n-44', '44');
    given([])
      .when({ ...base, data: { ...base.data, name: '  ' } })
      .thenThrows(TenancyRuleViolation, violates('required', 'name'));
    given([])
      .when({ ...base, data: { ...base.data, principal: { name: '', userId: null } } })
      .thenThrows(TenancyRuleViolation, violates('required', 'principal.name'));
    given([])
      .when({ ...base, data: { ...base.data, contacts: { ...contacts, phoneIndex: '' } } })
      .thenThrows(TenancyRuleViolation, violates('required', 'contacts.phone'));
  });

  it('is created once', () => {
    given([created('4403', 'city', 'n-44')])
      .when(create('4403', 'n-44', '44'))
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('active'));
  });

  const city = created('4403', 'city', 'n-44');
  const suspended: OperatorNodeEvent = { type: 'OperatorNodeSuspended', data: { reason: '整改', at } };

  it('is renamed, and a rename to the same name records nothing', () => {
    given([city])
      .when({ type: 'RenameOperatorNode', data: { name: ' 深圳云站 ', at } })
      .then([{ type: 'OperatorNodeRenamed', data: { name: '深圳云站', at } }]);
    given([city])
      .when({ type: 'RenameOperatorNode', data: { name: '云 4403', at } })
      .then([]);
    given([city])
      .when({ type: 'RenameOperatorNode', data: { name: '', at } })
      .thenThrows(TenancyRuleViolation, violates('required', 'name'));
  });

  it('changes principal and contacts, also while suspended', () => {
    const next = { name: '李强', userId: null };
    const phone = { phoneEncrypted: 'enc:v1:q', phoneIndex: 'IDX-Q', email: 'ops@example.cn' };
    given([city])
      .when({ type: 'ChangeOperatorPrincipal', data: { principal: next, at } })
      .then([{ type: 'OperatorPrincipalChanged', data: { principal: next, at } }]);
    given([city, suspended])
      .when({ type: 'ChangeOperatorContacts', data: { contacts: phone, at } })
      .then([{ type: 'OperatorContactsChanged', data: { contacts: phone, at } }]);
    given([city])
      .when({ type: 'ChangeOperatorPrincipal', data: { principal: { name: ' ', userId: null }, at } })
      .thenThrows(TenancyRuleViolation, violates('required', 'principal.name'));
  });

  it('is suspended with a reason and reactivated; each only from the other status', () => {
    given([city])
      .when({ type: 'SuspendOperatorNode', data: { reason: '整改', actingNodeId: 'n0', at } })
      .then([suspended]);
    given([city])
      .when({ type: 'SuspendOperatorNode', data: { reason: '', actingNodeId: 'n0', at } })
      .thenThrows(TenancyRuleViolation, violates('required', 'reason'));
    given([city, suspended])
      .when({ type: 'SuspendOperatorNode', data: { reason: 'again', actingNodeId: 'n0', at } })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('suspended'));
    given([city, suspended])
      .when({ type: 'ReactivateOperatorNode', data: { actingNodeId: null, at } })
      .then([{ type: 'OperatorNodeReactivated', data: { at } }]);
    given([city])
      .when({ type: 'ReactivateOperatorNode', data: { actingNodeId: 'n0', at } })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('active'));
  });

  it('is suspended and reactivated from above, never by its own staff', () => {
    const own = (e: TenancyRuleViolation) => expect([e.rule, e.field]).toEqual(['not-own-node', 'nodeId']);
    given([city]).when({ type: 'SuspendOperatorNode', data: { reason: '整改', actingNodeId: 'n-4403', at } }).thenThrows(TenancyRuleViolation, own);
    given([city, suspended]).when({ type: 'ReactivateOperatorNode', data: { actingNodeId: 'n-4403', at } }).thenThrows(TenancyRuleViolation, own);
  });

  it('refuses every change before it is created', () => {
    const commands = [
      { type: 'RenameOperatorNode', data: { name: 'x', at } },
      { type: 'ChangeOperatorPrincipal', data: { principal, at } },
      { type: 'ChangeOperatorContacts', data: { contacts, at } },
      { type: 'SuspendOperatorNode', data: { reason: 'x', actingNodeId: null, at } },
      { type: 'ReactivateOperatorNode', data: { actingNodeId: null, at } },
    ] as const;
    for (const command of commands)
      given([])
        .when(command)
        .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('none'));
  });
});
