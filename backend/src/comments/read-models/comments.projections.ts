import type { CommentParty, CommentVisibility, WorkOrderCommentEvent } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- Comments of work orders: one row per comment ---------------------------------------------------
// The row's scope is the one its event was filed under (the order's, or the author's party alone for
// an internal note), and `partyKey` names the author's party, which is what the thread filters on.

export const WORK_ORDER_COMMENTS_COLLECTION = 'work_order_comments';

export interface WorkOrderCommentRow extends Row {
  readonly _id: string;
  readonly workOrderId: string;
  readonly authorId: string;
  readonly party: CommentParty;
  /** `enterprise:<id>` or `operator:<nodeId>`. */
  readonly partyKey: string;
  readonly text: string;
  readonly mentions: readonly string[];
  readonly blobIds: readonly string[];
  readonly visibility: CommentVisibility;
  readonly at: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

export const partyKeyOf = (party: { kind: 'enterprise' | 'operator'; id: string }): string => `${party.kind}:${party.id}`;

export const workOrderCommentsProjection = projection<WorkOrderCommentEvent, WorkOrderCommentRow>(WORK_ORDER_COMMENTS_COLLECTION, {
  version: 2,
  scoped: true,
  arrayFields: ['blobIds'],
  indexes: [
    { name: 'by_order', key: { workOrderId: 1, at: 1 } },
    { name: 'by_blob', key: { blobIds: 1 } },
  ],
  on: {
    WorkOrderCommentPosted: (e) =>
      row<WorkOrderCommentRow>(e.data.commentId, () => ({
        _id: e.data.commentId,
        workOrderId: e.data.workOrderId,
        authorId: e.data.authorId,
        party: e.data.party,
        partyKey: partyKeyOf(e.data.party),
        text: e.data.text,
        mentions: e.data.mentions,
        blobIds: e.data.blobIds,
        visibility: e.data.visibility,
        at: e.data.at,
        scope: { tenants: [...e.metadata.tenantIds], regions: [...e.metadata.jurisdiction] },
      })),
  },
});

export const COMMENTS_PROJECTIONS: readonly Projection[] = [workOrderCommentsProjection];
