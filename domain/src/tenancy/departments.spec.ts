import { deciderSpec } from '@kuaige/testkit';
import type { DepartmentsCommand } from './departments.commands';
import { departments } from './departments';
import type { DepartmentsEvent } from './departments.events';
import { TenancyRuleViolation } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const enterpriseId = 'e1';

const created = (departmentId: string, parentId: string | null, name = departmentId): DepartmentsEvent => ({
  type: 'DepartmentCreated',
  data: { enterpriseId, departmentId, name, parentId, responsibilities: '', at },
});
const create = (departmentId: string, parentId: string | null, name = departmentId, responsibilities = ''): DepartmentsCommand => ({
  type: 'CreateDepartment',
  data: { enterpriseId, departmentId, name, parentId, responsibilities, at },
});
const update = (
  departmentId: string,
  change: { name?: string; responsibilities?: string; parentId?: string | null },
): DepartmentsCommand => ({
  type: 'UpdateDepartment',
  data: { enterpriseId, departmentId, ...change, at },
});
const remove = (departmentId: string): DepartmentsCommand => ({ type: 'DeleteDepartment', data: { enterpriseId, departmentId, at } });
const assign = (userId: string, departmentId: string | null, memberStatus: 'active' | 'invited' = 'active'): DepartmentsCommand => ({
  type: 'AssignMemberDepartment',
  data: { enterpriseId, userId, departmentId, memberStatus, at },
});
const assigned = (userId: string, departmentId: string | null, previousDepartmentId: string | null): DepartmentsEvent => ({
  type: 'MemberDepartmentChanged',
  data: { enterpriseId, userId, departmentId, previousDepartmentId, at },
});

const violates = (rule: string, field: string) => (e: TenancyRuleViolation) => {
  expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });
};

/** A chain d1 ← d2 ← … ← dN, d1 at the top. */
const chain = (levels: number): DepartmentsEvent[] =>
  Array.from({ length: levels }, (_, i) => created(`d${i + 1}`, i === 0 ? null : `d${i}`));

describe('Departments', () => {
  const given = deciderSpec(departments);

  it('creates departments at the top or under an existing one, trimmed, with responsibilities', () => {
    given([])
      .when(create('d1', null, ' 售后服务部 ', ' 负责报修 '))
      .then([
        {
          type: 'DepartmentCreated',
          data: { enterpriseId, departmentId: 'd1', name: '售后服务部', parentId: null, responsibilities: '负责报修', at },
        },
      ]);
    given([created('d1', null)])
      .when(create('d2', 'd1'))
      .then([created('d2', 'd1')]);
    given([]).when(create('d2', 'd9')).thenThrows(TenancyRuleViolation, violates('department-unknown', 'parentId'));
    given([created('d1', null)])
      .when(create('d1', null, 'other'))
      .thenThrows(TenancyRuleViolation, violates('department-exists', 'departmentId'));
  });

  it('refuses empty and over-long names and responsibilities', () => {
    given([])
      .when(create('d1', null, '  '))
      .thenThrows(TenancyRuleViolation, violates('required', 'name'));
    given([])
      .when(create('d1', null, '部'.repeat(51)))
      .thenThrows(TenancyRuleViolation, violates('max-length', 'name'));
    given([])
      .when(create('d1', null, '部'.repeat(50)))
      .then([created('d1', null, '部'.repeat(50))]);
    given([])
      .when(create('d1', null, 'x', 'y'.repeat(501)))
      .thenThrows(TenancyRuleViolation, violates('max-length', 'responsibilities'));
  });

  it('keeps names unique among siblings only, whatever their case or width', () => {
    const tree = [created('d1', null, '华南区'), created('d2', 'd1', 'Service'), created('d3', null, '华北区')];
    given(tree)
      .when(create('d4', 'd1', ' service '))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    given(tree)
      .when(create('d4', null, '华南区'))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    given(tree)
      .when(create('d4', 'd3', 'Service'))
      .then([created('d4', 'd3', 'Service')]);
    given(tree)
      .when(update('d3', { name: '华南区' }))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    // Moving under a parent that already has a child of that name is refused too.
    given([...tree, created('d4', 'd3', 'Service')])
      .when(update('d4', { parentId: 'd1' }))
      .thenThrows(TenancyRuleViolation, violates('name-taken', 'name'));
    // A department may change the case of its own name.
    given(tree)
      .when(update('d2', { name: 'SERVICE' }))
      .then([{ type: 'DepartmentEdited', data: { enterpriseId, departmentId: 'd2', name: 'SERVICE', responsibilities: '', at } }]);
  });

  it('edits and moves in one command, and does nothing when nothing changes', () => {
    const tree = [created('d1', null), created('d2', null)];
    given(tree)
      .when(update('d2', { name: '维修组', responsibilities: '上门维修', parentId: 'd1' }))
      .then([
        { type: 'DepartmentEdited', data: { enterpriseId, departmentId: 'd2', name: '维修组', responsibilities: '上门维修', at } },
        { type: 'DepartmentMoved', data: { enterpriseId, departmentId: 'd2', parentId: 'd1', previousParentId: null, at } },
      ]);
    given(tree)
      .when(update('d2', { name: 'd2', parentId: null }))
      .then([]);
    given([...tree, created('d3', 'd1')])
      .when(update('d3', { parentId: null }))
      .then([{ type: 'DepartmentMoved', data: { enterpriseId, departmentId: 'd3', parentId: null, previousParentId: 'd1', at } }]);
    given(tree)
      .when(update('d9', { name: 'x' }))
      .thenThrows(TenancyRuleViolation, violates('department-unknown', 'departmentId'));
    given(tree)
      .when(update('d1', { parentId: 'd9' }))
      .thenThrows(TenancyRuleViolation, violates('department-unknown', 'parentId'));
  });

  it('refuses a move under itself or any of its descendants', () => {
    given(chain(3))
      .when(update('d1', { parentId: 'd1' }))
      .thenThrows(TenancyRuleViolation, violates('department-cycle', 'parentId'));
    given(chain(3))
      .when(update('d1', { parentId: 'd3' }))
      .thenThrows(TenancyRuleViolation, violates('department-cycle', 'parentId'));
    given(chain(3))
      .when(update('d2', { parentId: 'd3' }))
      .thenThrows(TenancyRuleViolation, violates('department-cycle', 'parentId'));
  });

  it('holds the tree to ten levels, counting the whole subtree a move carries', () => {
    given(chain(10)).when(create('x', 'd10')).thenThrows(TenancyRuleViolation, violates('max-depth', 'parentId'));
    given(chain(9))
      .when(create('x', 'd9'))
      .then([created('x', 'd9')]);
    // A two-level subtree (a ← b) moved under level 9 would reach level 11.
    const subtree = [created('a', null), created('b', 'a')];
    given([...chain(9), ...subtree])
      .when(update('a', { parentId: 'd9' }))
      .thenThrows(TenancyRuleViolation, violates('max-depth', 'parentId'));
    given([...chain(9), ...subtree])
      .when(update('a', { parentId: 'd8' }))
      .then([{ type: 'DepartmentMoved', data: { enterpriseId, departmentId: 'a', parentId: 'd8', previousParentId: null, at } }]);
  });

  it('deletes a department only when it has neither sub-departments nor members; its id is not reused', () => {
    const tree = [created('d1', null), created('d2', 'd1')];
    given(tree).when(remove('d1')).thenThrows(TenancyRuleViolation, violates('department-not-empty', 'departmentId'));
    given([...tree, assigned('u1', 'd2', null)])
      .when(remove('d2'))
      .thenThrows(TenancyRuleViolation, violates('department-not-empty', 'departmentId'));
    const deleted: DepartmentsEvent = { type: 'DepartmentDeleted', data: { enterpriseId, departmentId: 'd2', at } };
    given([...tree, assigned('u1', 'd2', null), assigned('u1', null, 'd2')])
      .when(remove('d2'))
      .then([deleted]);
    given([...tree, deleted])
      .when(remove('d1'))
      .then([{ type: 'DepartmentDeleted', data: { enterpriseId, departmentId: 'd1', at } }]);
    given([...tree, deleted])
      .when(remove('d2'))
      .thenThrows(TenancyRuleViolation, violates('department-unknown', 'departmentId'));
    given([...tree, deleted])
      .when(create('d2', null))
      .thenThrows(TenancyRuleViolation, violates('department-exists', 'departmentId'));
  });

  it('puts active members in one department at a time, and takes them out on departure', () => {
    const tree = [created('d1', null), created('d2', null)];
    given(tree)
      .when(assign('u1', 'd1'))
      .then([assigned('u1', 'd1', null)]);
    given([...tree, assigned('u1', 'd1', null)])
      .when(assign('u1', 'd2'))
      .then([assigned('u1', 'd2', 'd1')]);
    given([...tree, assigned('u1', 'd1', null)])
      .when(assign('u1', 'd1'))
      .then([]);
    given([...tree, assigned('u1', 'd1', null)])
      .when(assign('u1', null))
      .then([assigned('u1', null, 'd1')]);
    given(tree).when(assign('u1', 'd9')).thenThrows(TenancyRuleViolation, violates('department-unknown', 'departmentId'));
    given(tree)
      .when(assign('u1', 'd1', 'invited'))
      .thenThrows(TenancyRuleViolation, violates('member-not-active', 'userId'));
    const release: DepartmentsCommand = { type: 'ReleaseMemberDepartment', data: { enterpriseId, userId: 'u1', at } };
    given([...tree, assigned('u1', 'd1', null)])
      .when(release)
      .then([assigned('u1', null, 'd1')]);
    given(tree).when(release).then([]);
  });
});
