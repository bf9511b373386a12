import { workOrderCommentsStream, type WorkOrderCommentEvent } from '@kuaige/domain';
import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { workOrderCommentsProjection } from './comments.projections';

describe('work_order_comments', () => {
  it('keeps each comment under the scope it was filed with and its author’s party key; replay-safe', async () => {
    const log = eventLog<WorkOrderCommentEvent>();
    const shared = log.record(
      workOrderCommentsStream('wo-1'),
      { type: 'WorkOrderCommentPosted', data: { commentId: 'c-1', workOrderId: 'wo-1', authorId: 'u-1', party: { kind: 'enterprise', id: 'ent-p' }, text: '到场', mentions: [], blobIds: ['b-1'], visibility: 'shared', at: 't1' } },
      { metadata: { tenantIds: ['ent-u', 'ent-p'], jurisdiction: ['440305', '4403', '44', 'CN'] } },
    );
    const internal = log.record(
      workOrderCommentsStream('wo-1'),
      { type: 'WorkOrderCommentPosted', data: { commentId: 'c-2', workOrderId: 'wo-1', authorId: 'u-2', party: { kind: 'operator', id: 'node-4403', regionCode: '4403' }, text: '关注', mentions: ['u-3'], blobIds: [], visibility: 'internal', at: 't2' } },
      { metadata: { tenantIds: [], jurisdiction: ['4403'] } },
    );
    await projectionSpec(workOrderCommentsProjection)
      .given(shared, internal)
      .then([
        { _id: 'c-1', workOrderId: 'wo-1', authorId: 'u-1', party: { kind: 'enterprise', id: 'ent-p' }, partyKey: 'enterprise:ent-p', text: '到场', mentions: [], blobIds: ['b-1'], visibility: 'shared', at: 't1', scope: { tenants: ['ent-u', 'ent-p'], regions: ['440305', '4403', '44', 'CN'] } },
        { _id: 'c-2', workOrderId: 'wo-1', authorId: 'u-2', party: { kind: 'operator', id: 'node-4403', regionCode: '4403' }, partyKey: 'operator:node-4403', text: '关注', mentions: ['u-3'], blobIds: [], visibility: 'internal', at: 't2', scope: { tenants: [], regions: ['4403'] } },
      ]);
  });
});
