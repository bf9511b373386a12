import { describe, expect, it } from 'vitest';
import type { OperatorNode } from '../tenancy.model';
import { operatorNodeForm } from './node-form';
import { nodeChange } from './operator-node-page';

const node: OperatorNode = {
  id: 'n1',
  divisionCode: '440305',
  divisionName: '南山区',
  level: 'county',
  name: '南山区运营中心',
  status: 'active',
  principal: { name: '李四' },
  contacts: { phone: '138****5678', email: 'n***@example.com' },
  parentNodeId: 'n0',
  createdAt: '2026-11-30T08:00:00Z',
  staff: [],
};

describe('operator node edit', () => {
  it('sends nothing for an untouched form: masked contacts are not sent back', () => {
    expect(nodeChange(node, operatorNodeForm(node))).toEqual({});
  });

  it('sends only what changed, and the contacts only with a newly typed phone', () => {
    const form = operatorNodeForm(node);
    form.controls.name.setValue(' 南山运营中心 ');
    form.controls.email.setValue('ops@example.com');
    expect(nodeChange(node, form)).toEqual({ name: '南山运营中心' });
    form.controls.contactPhone.setValue('13900139000');
    expect(nodeChange(node, form)).toEqual({ name: '南山运营中心', contacts: { phone: '13900139000', email: 'ops@example.com' } });
  });

  it('requires the contact phone when a node is set up, not when it is edited', () => {
    expect(operatorNodeForm().controls.contactPhone.hasError('required')).toBe(true);
    expect(operatorNodeForm(node).controls.contactPhone.valid).toBe(true);
    const form = operatorNodeForm(node);
    form.controls.contactPhone.setValue('12345');
    expect(form.controls.contactPhone.hasError('pattern')).toBe(true);
  });
});
