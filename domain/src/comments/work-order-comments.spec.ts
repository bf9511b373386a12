import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import { CommentRuleViolation, workOrderComments, type PostWorkOrderComment, type WorkOrderCommentEvent } from './work-order-comments';

const given = deciderSpec(workOrderComments);
const at = '2026-11-30T02:00:00.000Z';
const engineer: Party = { kind: 'enterprise', enterpriseId: 'ent-provider', userId: 'u-engineer' };
const operator: Party = { kind: 'operator', nodeId: 'node-4403', regionCode: '4403', userId: 'u-op' };
const post = (over: Partial<PostWorkOrderComment['data']> = {}): PostWorkOrderComment => ({
  type: 'PostWorkOrderComment',
  data: { commentId: 'c-1', workOrderId: 'wo-1', text: ' 已到现场，@王工 请带 7014 轴承 ', mentions: ['u-wang'], blobIds: [], visibility: 'internal', unreachableMentions: [], by: engineer, at, ...over },
});
const posted: WorkOrderCommentEvent = {
  type: 'WorkOrderCommentPosted',
  data: { commentId: 'c-1', workOrderId: 'wo-1', authorId: 'u-engineer', party: { kind: 'enterprise', id: 'ent-provider' }, text: '已到现场，@王工 请带 7014 轴承', mentions: ['u-wang'], blobIds: [], visibility: 'internal', at },
};

describe('comments on a work order (stream WorkOrderComments-<workOrderId>)', () => {
  it('records the comment under the author’s party, trimmed', () => {
    given([]).when(post()).then([posted]);
  });

  it('files an operator’s note under its node and region', () => {
    const [event] = given([]).when(post({ by: operator, mentions: [] })).events();
    expect(event!.data.party).toEqual({ kind: 'operator', id: 'node-4403', regionCode: '4403' });
  });

  it('takes a photo without text, but not an empty comment', () => {
    expect(given([]).when(post({ text: '', blobIds: ['b-1'] })).events()).toHaveLength(1);
    given([]).when(post({ text: '  ' })).thenThrows(CommentRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['required', 'text']));
  });

  it('refuses a mention of someone who would not see the comment, naming which', () => {
    given([])
      .when(post({ mentions: ['u-wang', 'u-customer'], unreachableMentions: ['u-customer'] }))
      .thenThrows(CommentRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['can-see-comment', 'mentions[1]']));
  });

  it('posts a comment id once', () => {
    given([posted]).when(post()).thenThrows(IllegalTransition);
  });
});
