import { describe, expect, it } from 'vitest';
import { addPart, addStockedPart, evaluationBody, evaluationForm, reasonControl, recordBody, recordForm, requestBody, requestForm, toolsOf } from './step-forms';

describe('work-order forms', () => {
  it('refuse a request without device, fault type or a real description', () => {
    const form = requestForm();
    expect(form.valid).toBe(false);
    form.setValue({
      deviceId: 'd-1',
      faultType: 'electrical',
      priority: 'high',
      description: '    ',
      contactName: '王主任',
      contactPhone: '1380013800',
    });
    expect(form.controls.description.hasError('pattern')).toBe(true);
    form.controls.description.setValue('主轴');
    expect(form.controls.description.hasError('minlength')).toBe(true);
    form.controls.description.setValue('  主轴异响，伴随振动  ');
    expect(form.controls.contactPhone.hasError('pattern')).toBe(true);
    form.controls.contactPhone.setValue('13800138000');
    expect(form.valid).toBe(true);
    const photo = { blobId: 'b-1', mediaType: 'image/png', size: 68 };
    expect(requestBody(form, [photo], 'qr')).toEqual({
      deviceId: 'd-1',
      fault: { type: 'electrical', description: '主轴异响，伴随振动', attachments: [photo] },
      priority: 'high',
      channel: 'qr',
      contact: { name: '王主任', phone: '13800138000' },
    });
  });

  it('start the request with the device of the address and a normal priority', () => {
    expect(requestForm('d-9', '王主任').getRawValue()).toMatchObject({ deviceId: 'd-9', priority: 'normal', contactName: '王主任' });
  });

  it('want whole positive part quantities and named parts in a processing record', () => {
    const form = recordForm();
    form.controls.steps.setValue('更换主轴轴承');
    addPart(form);
    const part = form.controls.parts.at(0);
    part.setValue({ name: '', quantity: 0, unit: '', partId: '', warehouseId: '' });
    expect(part.controls.name.hasError('required')).toBe(true);
    expect(part.controls.quantity.hasError('min')).toBe(true);
    part.controls.quantity.setValue(1.5);
    expect(part.controls.quantity.hasError('pattern')).toBe(true);
    part.setValue({ name: ' 深沟球轴承 6205 ', quantity: 2, unit: ' 个 ', partId: '', warehouseId: '' });
    form.controls.tools.setValue('扭力扳手、拉马, 万用表');
    expect(form.valid).toBe(true);
    expect(recordBody(form, [])).toEqual({
      steps: '更换主轴轴承',
      parts: [{ name: '深沟球轴承 6205', quantity: 2, unit: '个' }],
      tools: ['扭力扳手', '拉马', '万用表'],
      cause: '',
      result: '',
      attachments: [],
    });
  });

  it('fill a record being edited with what it holds', () => {
    const form = recordForm({
      recordId: 'r-1',
      steps: '检查',
      parts: [{ name: '保险丝', quantity: 3, unit: '只' }],
      tools: ['万用表', '螺丝刀'],
      cause: '短路',
      result: '已修复',
      attachments: [],
    });
    expect(form.controls.parts.length).toBe(1);
    expect(form.controls.tools.value).toBe('万用表、螺丝刀');
    expect(toolsOf(form.controls.tools.value)).toEqual(['万用表', '螺丝刀']);
  });

  it('take only whole scores from 1 to 5 with an opinion', () => {
    const form = evaluationForm();
    form.controls.opinion.setValue('响应及时');
    for (const bad of [null, 0, 6, 2.5]) {
      form.controls.score.setValue(bad);
      expect(form.valid, String(bad)).toBe(false);
    }
    form.controls.score.setValue(5);
    expect(form.valid).toBe(true);
    form.controls.opinion.setValue(' ');
    expect(form.valid).toBe(false);
  });

  it('send quality and efficiency only when given, and only whole scores from 1 to 5', () => {
    const form = evaluationForm();
    form.controls.score.setValue(4);
    form.controls.opinion.setValue(' 响应及时 ');
    expect(evaluationBody(form)).toEqual({ score: 4, opinion: '响应及时' });
    form.controls.quality.setValue(6);
    expect(form.valid).toBe(false);
    form.controls.quality.setValue(5);
    form.controls.efficiency.setValue(3);
    expect(form.valid).toBe(true);
    expect(evaluationBody(form)).toEqual({ score: 4, opinion: '响应及时', quality: 5, efficiency: 3 });
  });

  it('want a reason that is not blank nor longer than 500 characters', () => {
    const reason = reasonControl();
    reason.setValue('  ');
    expect(reason.valid).toBe(false);
    reason.setValue('超出服务区域'.repeat(100));
    expect(reason.hasError('maxlength')).toBe(true);
    reason.setValue('超出服务区域');
    expect(reason.valid).toBe(true);
  });

  it('put van parts on a record once per part, within what the van has, beside free-text parts', () => {
    const form = recordForm();
    form.controls.steps.setValue('更换主轴轴承');
    const bearing = { partId: 'p-1', warehouseId: 'van-1', name: '深沟球轴承', unit: 'pcs', available: 2 };
    addStockedPart(form, bearing);
    addStockedPart(form, bearing);
    addStockedPart(form, bearing);
    addPart(form);
    form.controls.parts.at(1).patchValue({ name: '密封胶', quantity: 1, unit: '支' });
    expect(form.controls.parts.length).toBe(2);
    expect(form.controls.parts.at(0).controls.quantity.value).toBe(2);
    form.controls.parts.at(0).controls.quantity.setValue(3);
    expect(form.controls.parts.at(0).controls.quantity.hasError('max')).toBe(true);
    form.controls.parts.at(0).controls.quantity.setValue(2);
    expect(recordBody(form, []).parts).toEqual([
      { name: '深沟球轴承', quantity: 2, unit: 'pcs', partId: 'p-1', warehouseId: 'van-1' },
      { name: '密封胶', quantity: 1, unit: '支' },
    ]);
  });
});
