import { deciderSpec } from '@kuaige/testkit';
import type { Party } from '../maintenance/party';
import { partCategory, type PartCategoryEvent } from './catalogue';
import { InventoryRuleViolation } from './inventory-rules';

const by: Party = { kind: 'enterprise', enterpriseId: 'E1', userId: 'U1' };
const at = '2026-12-01T08:00:00.000Z';
const created: PartCategoryEvent = { type: 'PartCategoryCreated', data: { enterpriseId: 'E1', code: 'BRG', name: '轴承', parentCode: null, path: ['BRG'], by, at } };
const allocated = (partId: string, sequence: number): PartCategoryEvent => ({
  type: 'PartCodeAllocated',
  data: { partId, code: `BRG-${String(sequence).padStart(4, '0')}`, sequence, at },
});
const allocate = (partId: string, code: string | null) => ({ type: 'AllocatePartCode', data: { partId, code, by, at } }) as const;
const rule = (name: string) => (e: InventoryRuleViolation) => expect(e.rule).toBe(name);

describe('a part category and the codes it hands out', () => {
  const given = deciderSpec(partCategory);

  it('is created under its parent, at most five levels deep', () => {
    given([]).when({ type: 'CreatePartCategory', data: { enterpriseId: 'E1', code: 'BRG01', name: '深沟球', parent: { code: 'BRG', path: ['BRG'] }, by, at } }).then([
      { type: 'PartCategoryCreated', data: { enterpriseId: 'E1', code: 'BRG01', name: '深沟球', parentCode: 'BRG', path: ['BRG', 'BRG01'], by, at } },
    ]);
    given([])
      .when({ type: 'CreatePartCategory', data: { enterpriseId: 'E1', code: 'DEEP', name: '太深', parent: { code: 'L5', path: ['L1', 'L2', 'L3', 'L4', 'L5'] }, by, at } })
      .thenThrows(InventoryRuleViolation, rule('category-depth'));
    given([created]).when({ type: 'CreatePartCategory', data: { enterpriseId: 'E1', code: 'BRG', name: '又一个', parent: null, by, at } }).thenThrows(InventoryRuleViolation, rule('category-exists'));
  });

  it('gives the next free code, continuing after the highest one asked for', () => {
    given([created]).when(allocate('P1', null)).then([allocated('P1', 1)]);
    given([created, allocated('P1', 1), { type: 'PartCodeAllocated', data: { partId: 'P2', code: 'BRG-0007', sequence: 7, at } }]).when(allocate('P3', null)).then([allocated('P3', 8)]);
  });

  it('gives a part its code once: asked again, it appends nothing', () => {
    given([created, allocated('P1', 1)]).when(allocate('P1', null)).then([]);
    given([created, allocated('P1', 1)]).when(allocate('P1', 'BRG-0002')).thenThrows(InventoryRuleViolation, rule('code-taken'));
  });

  it('refuses a code taken, of another category, or not written canonically', () => {
    given([created, allocated('P1', 1)]).when(allocate('P2', 'BRG-0001')).thenThrows(InventoryRuleViolation, rule('code-taken'));
    given([created]).when(allocate('P2', 'ABC-0001')).thenThrows(InventoryRuleViolation, rule('part-code'));
    given([created]).when(allocate('P2', 'BRG-00001')).thenThrows(InventoryRuleViolation, rule('part-code'));
    given([created]).when(allocate('P2', 'BRG-0000')).thenThrows(InventoryRuleViolation, rule('part-code'));
  });

  it('belongs to its enterprise', () => {
    given([created])
      .when({ type: 'AllocatePartCode', data: { partId: 'P9', code: null, by: { kind: 'enterprise', enterpriseId: 'E2', userId: 'U2' }, at } })
      .thenThrows(InventoryRuleViolation, rule('not-your-role'));
  });
});
