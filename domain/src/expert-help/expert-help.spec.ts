import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { ExpertHelpCommand, RequestExpertHelp } from './expert-help.commands';
import type { ExpertHelpEvent } from './expert-help.events';
import { expertHelp } from './expert-help';
import { ExpertHelpNotYourRole, ExpertHelpRuleViolation } from './expert-help-rules';
import { expertProfile, type SetExpertProfile } from './expert-profile';

const at = '2026-12-01T08:00:00.000Z';
const violates = (rule: string, field: string) => (e: ExpertHelpRuleViolation) => expect({ rule: e.rule, field: e.field }).toEqual({ rule, field });

describe('ExpertHelp', () => {
  const given = deciderSpec(expertHelp);
  const expert = { expertId: 'expert-1', certified: true, fields: ['数控系统', '液压'], tariffFen: 20_000, available: true };
  const request = (over: Partial<RequestExpertHelp['data']> = {}): ExpertHelpCommand => ({
    type: 'RequestExpertHelp',
    data: {
      helpId: 'h1',
      workOrderId: 'wo-1',
      by: 'eng-1',
      byEnterpriseId: 'p1',
      workOrder: { status: 'in-progress', providerId: 'p1', assigneeId: 'eng-1' },
      expert,
      fieldCode: '数控系统',
      question: '  主轴报警 ALM-401，复位后又出现  ',
      attachmentBlobIds: ['b1', 'b1'],
      at,
      ...over,
    },
  });
  const requested: ExpertHelpEvent = {
    type: 'ExpertHelpRequested',
    data: { helpId: 'h1', workOrderId: 'wo-1', engineerId: 'eng-1', providerId: 'p1', expertId: 'expert-1', fieldCode: '数控系统', feeFen: 20_000, question: '主轴报警 ALM-401，复位后又出现', attachmentBlobIds: ['b1'], at },
  };
  const accepted: ExpertHelpEvent = { type: 'ExpertHelpAccepted', data: { helpId: 'h1', expertId: 'expert-1', at } };
  const step = (type: Exclude<ExpertHelpCommand['type'], 'RequestExpertHelp'>, by: string, data: Record<string, unknown> = {}) => ({ type, data: { by, at, ...data } }) as ExpertHelpCommand;
  const message = (messageId: string, authorId: string, seq: number, text = '请检查编码器线缆'): ExpertHelpEvent => ({ type: 'ExpertChatMessagePosted', data: { helpId: 'h1', messageId, authorId, seq, text, at } });
  const closed: ExpertHelpEvent = { type: 'ExpertHelpClosed', data: { helpId: 'h1', workOrderId: 'wo-1', expertId: 'expert-1', engineerId: 'eng-1', summary: '编码器线缆松动，已紧固', feeFen: 20_000, at } };

  it('is asked by the assigned engineer of an order in progress, at the expert’s tariff, question trimmed and files de-duplicated', () => {
    given([]).when(request()).then([requested]);
  });

  it('refuses anyone but the assigned engineer acting for the provider, orders not in progress, and experts who cannot take it', () => {
    given([]).when(request({ by: 'eng-2' })).thenThrows(ExpertHelpNotYourRole, violates('not-your-role', 'by'));
    given([]).when(request({ byEnterpriseId: 'other' })).thenThrows(ExpertHelpNotYourRole);
    given([]).when(request({ workOrder: { status: 'in-progress', providerId: null, assigneeId: 'eng-1' } })).thenThrows(ExpertHelpNotYourRole);
    given([]).when(request({ workOrder: { status: 'engineer-accepted', providerId: 'p1', assigneeId: 'eng-1' } })).thenThrows(ExpertHelpRuleViolation, violates('work-order-not-in-progress', 'workOrderId'));
    given([]).when(request({ expert: { ...expert, expertId: 'eng-1' } })).thenThrows(ExpertHelpRuleViolation, violates('own-expert', 'expertId'));
    given([]).when(request({ expert: { ...expert, certified: false } })).thenThrows(ExpertHelpRuleViolation, violates('expert-not-certified', 'expertId'));
    given([]).when(request({ expert: { ...expert, available: false } })).thenThrows(ExpertHelpRuleViolation, violates('expert-unavailable', 'expertId'));
    given([]).when(request({ expert: { ...expert, tariffFen: null } })).thenThrows(ExpertHelpRuleViolation, violates('expert-unavailable', 'expertId'));
    given([]).when(request({ fieldCode: '电梯' })).thenThrows(ExpertHelpRuleViolation, violates('field-not-offered', 'fieldCode'));
    given([]).when(request({ question: '   ' })).thenThrows(ExpertHelpRuleViolation, violates('required', 'question'));
    given([]).when(request({ question: '问'.repeat(2001) })).thenThrows(ExpertHelpRuleViolation, violates('max-length', 'question'));
    given([]).when(request({ attachmentBlobIds: Array.from({ length: 10 }, (_, i) => `b${i}`) })).thenThrows(ExpertHelpRuleViolation, violates('max-items', 'attachmentBlobIds'));
    given([requested]).when(request()).thenThrows(IllegalTransition);
  });

  it('is accepted or declined (with a reason) by the expert asked, once', () => {
    given([requested]).when(step('AcceptExpertHelp', 'expert-1')).then([accepted]);
    given([requested]).when(step('DeclineExpertHelp', 'expert-1', { reason: ' 不熟悉该型号 ' })).then([{ type: 'ExpertHelpDeclined', data: { helpId: 'h1', expertId: 'expert-1', reason: '不熟悉该型号', at } }]);
    given([requested]).when(step('AcceptExpertHelp', 'eng-1')).thenThrows(ExpertHelpNotYourRole);
    given([requested]).when(step('DeclineExpertHelp', 'expert-1', { reason: '' })).thenThrows(ExpertHelpRuleViolation, violates('required', 'reason'));
    given([requested, accepted]).when(step('AcceptExpertHelp', 'expert-1')).thenThrows(IllegalTransition);
    given([requested, accepted]).when(step('DeclineExpertHelp', 'expert-1', { reason: 'x' })).thenThrows(IllegalTransition);
    given([]).when(step('AcceptExpertHelp', 'expert-1')).thenThrows(IllegalTransition);
  });

  it('carries the chat of both parties once accepted, numbered in order; a message posted again under its id is there already', () => {
    given([requested]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm1', text: 'hi' })).thenThrows(IllegalTransition);
    given([requested, accepted]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm1', text: ' 请检查编码器线缆 ' })).then([message('m1', 'eng-1', 1)]);
    given([requested, accepted, message('m1', 'eng-1', 1)])
      .when(step('PostExpertChatMessage', 'expert-1', { messageId: 'm2', imageBlobIds: ['img'] }))
      .then([{ type: 'ExpertChatMessagePosted', data: { helpId: 'h1', messageId: 'm2', authorId: 'expert-1', seq: 2, imageBlobIds: ['img'], at } }]);
    given([requested, accepted, message('m1', 'eng-1', 1)]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm1', text: 'again' })).then([]);
    given([requested, accepted]).when(step('PostExpertChatMessage', 'someone', { messageId: 'm1', text: 'hi' })).thenThrows(ExpertHelpNotYourRole);
    given([requested, accepted]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm1', text: '  ' })).thenThrows(ExpertHelpRuleViolation, violates('message-empty', 'text'));
    given([requested, accepted]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm1', text: '字'.repeat(2001) })).thenThrows(ExpertHelpRuleViolation, violates('max-length', 'text'));
    given([requested, accepted, closed]).when(step('PostExpertChatMessage', 'eng-1', { messageId: 'm9', text: 'hi' })).thenThrows(IllegalTransition);
  });

  it('records read receipts that only move forward, for messages of this help, also after closing', () => {
    const chat = [requested, accepted, message('m1', 'eng-1', 1), message('m2', 'expert-1', 2)];
    given(chat).when(step('MarkExpertChatRead', 'expert-1', { upToMessageId: 'm1' })).then([{ type: 'ExpertChatRead', data: { helpId: 'h1', readerId: 'expert-1', upToMessageId: 'm1', upToSeq: 1, at } }]);
    const read: ExpertHelpEvent = { type: 'ExpertChatRead', data: { helpId: 'h1', readerId: 'eng-1', upToMessageId: 'm2', upToSeq: 2, at } };
    given(chat).when(step('MarkExpertChatRead', 'eng-1', { upToMessageId: 'm2' })).then([read]);
    given([...chat, read]).when(step('MarkExpertChatRead', 'eng-1', { upToMessageId: 'm1' })).then([]);
    given([...chat, closed]).when(step('MarkExpertChatRead', 'eng-1', { upToMessageId: 'm2' })).then([read]);
    given(chat).when(step('MarkExpertChatRead', 'eng-1', { upToMessageId: 'nope' })).thenThrows(ExpertHelpRuleViolation, violates('message-unknown', 'upToMessageId'));
    given(chat).when(step('MarkExpertChatRead', 'someone', { upToMessageId: 'm1' })).thenThrows(ExpertHelpNotYourRole);
    given([requested]).when(step('MarkExpertChatRead', 'eng-1', { upToMessageId: 'm1' })).thenThrows(IllegalTransition);
  });

  it('is closed by the expert with a summary and the fee for settlement; then rated once by the engineer', () => {
    given([requested, accepted]).when(step('CloseExpertHelp', 'expert-1', { summary: ' 编码器线缆松动，已紧固 ' })).then([closed]);
    given([requested, accepted]).when(step('CloseExpertHelp', 'eng-1', { summary: 'x' })).thenThrows(ExpertHelpNotYourRole);
    given([requested, accepted]).when(step('CloseExpertHelp', 'expert-1', { summary: '' })).thenThrows(ExpertHelpRuleViolation, violates('required', 'summary'));
    given([requested]).when(step('CloseExpertHelp', 'expert-1', { summary: 'x' })).thenThrows(IllegalTransition);
    const rated: ExpertHelpEvent = { type: 'ExpertRated', data: { helpId: 'h1', expertId: 'expert-1', engineerId: 'eng-1', score: 5, comment: '很专业', at } };
    given([requested, accepted, closed]).when(step('RateExpert', 'eng-1', { score: 5, comment: '很专业' })).then([rated]);
    given([requested, accepted]).when(step('RateExpert', 'eng-1', { score: 5, comment: '' })).thenThrows(IllegalTransition);
    given([requested, accepted, closed]).when(step('RateExpert', 'expert-1', { score: 5, comment: '' })).thenThrows(ExpertHelpNotYourRole);
    for (const score of [0, 6, 4.5]) given([requested, accepted, closed]).when(step('RateExpert', 'eng-1', { score, comment: '' })).thenThrows(ExpertHelpRuleViolation, violates('score', 'score'));
    given([requested, accepted, closed, rated]).when(step('RateExpert', 'eng-1', { score: 4, comment: '' })).thenThrows(ExpertHelpRuleViolation, violates('already-rated', 'score'));
  });
});

describe('ExpertProfile', () => {
  const given = deciderSpec(expertProfile);
  const set = (over: Partial<SetExpertProfile['data']> = {}): SetExpertProfile => ({
    type: 'SetExpertProfile',
    data: { expertId: 'expert-1', by: 'expert-1', certified: true, tariffFen: 20_000, available: true, bio: ' 数控系统 20 年 ', at, ...over },
  });
  const wasSet = { type: 'ExpertProfileSet' as const, data: { expertId: 'expert-1', tariffFen: 20_000, available: true, bio: '数控系统 20 年', at } };

  it('is published by the certified expert; the same again records nothing, a change is recorded', () => {
    given([]).when(set()).then([wasSet]);
    given([wasSet]).when(set()).then([]);
    given([wasSet]).when(set({ available: false })).then([{ ...wasSet, data: { ...wasSet.data, available: false } }]);
  });

  it('refuses someone else, an uncertified person and tariffs that are not whole fen in range', () => {
    given([]).when(set({ by: 'other' })).thenThrows(ExpertHelpNotYourRole);
    given([]).when(set({ certified: false })).thenThrows(ExpertHelpRuleViolation, violates('certification-required', 'expertId'));
    for (const tariffFen of [-1, 12.5, 10_000_001]) given([]).when(set({ tariffFen })).thenThrows(ExpertHelpRuleViolation, violates('tariff', 'tariffFen'));
    given([]).when(set({ bio: '介'.repeat(501) })).thenThrows(ExpertHelpRuleViolation, violates('max-length', 'bio'));
  });
});
