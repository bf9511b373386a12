import { describe, expect, it } from 'vitest';
import { contentFromForm, formFromContent, partOf } from './knowledge-form';

describe('the knowledge editor’s text fields', () => {
  it('reads parts written as name × quantity unit, or with commas', () => {
    expect(partOf('角接触球轴承 7014C × 2 个')).toEqual({ name: '角接触球轴承 7014C', quantity: 2, unit: '个' });
    expect(partOf('O 型密封圈, 4, 个')).toEqual({ name: 'O 型密封圈', quantity: 4, unit: '个' });
    expect(partOf('液压油')).toEqual({ name: '液压油', quantity: 1, unit: '' });
  });

  it('makes steps of lines (numbering dropped) and lists of commas, and round-trips an entry', () => {
    const content = contentFromForm({ ...formFromContent(null), title: ' 主轴异响 ', steps: '1. 停机断电\n2、拆护罩\n\n更换轴承', models: 'VMC-850，VMC-1060', tools: '拉马、扭力扳手' });
    expect(content).toMatchObject({ title: '主轴异响', steps: ['停机断电', '拆护罩', '更换轴承'], models: ['VMC-850', 'VMC-1060'], tools: ['拉马', '扭力扳手'] });
    expect(contentFromForm(formFromContent({ ...content, parts: [{ name: '轴承', quantity: 2, unit: '个' }], images: [] }))).toEqual({ ...content, parts: [{ name: '轴承', quantity: 2, unit: '个' }] });
  });
});
