import { describe, expect, it } from 'vitest';
import { actingParty, timelineText } from './timeline-text';
import type { TimelineEntry } from './work-order.model';

const zh: Record<string, string> = {
  'workOrders.evaluators.equipment-user': '设备用户',
  'workOrders.pauseReasons.awaiting-parts': '等待配件',
  'workOrders.warranty.in-warranty': '保修期内',
  'workOrders.priorities.urgent': '紧急',
};
const translate = (key: string, params?: Record<string, unknown>) =>
  key === 'workOrders.timeline.priority'
    ? `调整为${params!['priority']}`
    : key === 'workOrders.timeline.override'
      ? `改派原因：${params!['reason']}`
      : (zh[key] ?? key);
const entry = (type: string, summary: string): TimelineEntry => ({ type, at: '2026-12-01T01:00:00Z', by: null, summary });
const provider = '4ffa72b3-8444-5fa7-b33e-102338ab3770';

describe('who took a step', () => {
  const order = { requesterId: 'user-co', providerId: 'provider-co', manufacturerId: 'maker-co', assigneeId: 'engineer-1' };
  const by = (who: object) => ({ ...entry('WorkStarted', ''), by: who });
  it('names the party from the acting enterprise or node and what it is to the order', () => {
    expect(actingParty(by({ userId: 'u', enterpriseId: null, operatorNodeId: 'node-sz' }), order)).toBe('workOrders.parties.operator');
    expect(actingParty(by({ userId: 'u', enterpriseId: 'user-co', operatorNodeId: null }), order)).toBe('workOrders.parties.requester');
    expect(actingParty(by({ userId: 'u', enterpriseId: 'maker-co', operatorNodeId: null }), order)).toBe('workOrders.parties.manufacturer');
    expect(actingParty(by({ userId: 'engineer-1', enterpriseId: 'provider-co', operatorNodeId: null }), order)).toBe(
      'workOrders.parties.engineer',
    );
    expect(actingParty(by({ userId: 'admin', enterpriseId: 'provider-co', operatorNodeId: null }), order)).toBe(
      'workOrders.parties.provider',
    );
  });

  it('names the device’s owner the equipment user and the manufacturer the manufacturer on an order the manufacturer raised', () => {
    const byMaker = { ...order, requesterId: 'maker-co', ownerId: 'user-co' };
    expect(actingParty(by({ userId: 'u', enterpriseId: 'user-co', operatorNodeId: null }), byMaker)).toBe('workOrders.parties.requester');
    expect(actingParty(by({ userId: 'u', enterpriseId: 'maker-co', operatorNodeId: null }), byMaker)).toBe('workOrders.parties.manufacturer');
  });

  it('says nothing where the entry names no party', () => {
    expect(actingParty(entry('RequestReviewed', ''), order)).toBeNull();
    expect(actingParty(by({ userId: 'system', enterpriseId: null, operatorNodeId: null }), order)).toBeNull();
  });
});

describe('timeline lines', () => {
  it('leave out the ids the backend names parties by', () => {
    expect(timelineText(entry('DispatchAccepted', provider), translate)).toBe('');
    expect(timelineText(entry('EngineerAssigned', provider), translate)).toBe('');
    expect(timelineText(entry('WorkOrderDispatched', provider), translate)).toBe('');
  });

  it('name the parties the detail names, and the override after the provider', () => {
    const parties = { [provider]: '广州精工维保服务有限公司', 'u-eng': '王工' };
    expect(timelineText(entry('DispatchAccepted', provider), translate, parties)).toBe('广州精工维保服务有限公司');
    expect(timelineText(entry('EngineerAssigned', 'u-eng'), translate, parties)).toBe('王工');
    expect(timelineText(entry('WorkOrderDispatched', `${provider} · 客户指定`), translate, parties)).toBe('广州精工维保服务有限公司 · 改派原因：客户指定');
    // An id the detail has no name for is never shown, whatever its shape.
    expect(timelineText(entry('DispatchAccepted', 'demo-enterprise-3'), translate, parties)).toBe('');
  });

  it('keep the reason of an override and of a return as the user wrote it', () => {
    expect(timelineText(entry('WorkOrderDispatched', `${provider} · 客户指定`), translate)).toBe('改派原因：客户指定');
    expect(timelineText(entry('DispatchReturned', '超出服务区域'), translate)).toBe('超出服务区域');
  });

  it('word the codes of evaluations, pauses, warranty and priority', () => {
    expect(timelineText(entry('WorkOrderEvaluated', 'equipment-user 4/5 · 响应及时'), translate)).toBe('设备用户 ★★★★ · 响应及时');
    expect(timelineText(entry('WorkPaused', 'awaiting-parts · 轴承到货后继续'), translate)).toBe('等待配件 · 轴承到货后继续');
    expect(timelineText(entry('WarrantyJudged', 'in-warranty'), translate)).toBe('保修期内');
    expect(timelineText(entry('PriorityChanged', 'urgent'), translate)).toBe('调整为紧急');
  });
});
