import { IllegalTransition, RuleViolation, type Command, type Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import type { Party } from '../maintenance/party';

// ---- Comments on a work order (stream `WorkOrderComments-<workOrderId>`) ---------------------------
//
// Anyone who can see the order comments on it. A shared comment is seen by everyone who can see the
// order; an internal note only inside the author's own party (the enterprise, or the operator node) —
// the provider's internal note never reaches the equipment user. Mentions name people who will see the
// comment; whether they can is looked up by the handler and handed in.

export type CommentVisibility = 'internal' | 'shared';
export const COMMENT_VISIBILITIES: readonly CommentVisibility[] = ['internal', 'shared'];
export const COMMENT_TEXT_MAX = 2000;
export const COMMENT_PHOTOS_MAX = 9;
export const COMMENT_MENTIONS_MAX = 20;

/** The party a comment belongs to: an internal note stays inside it. */
export type CommentParty = { readonly kind: 'enterprise'; readonly id: string } | { readonly kind: 'operator'; readonly id: string; readonly regionCode: string };

export type WorkOrderCommentPosted = DomainEvent<
  'WorkOrderCommentPosted',
  {
    commentId: string;
    workOrderId: string;
    authorId: string;
    party: CommentParty;
    text: string;
    mentions: readonly string[];
    blobIds: readonly string[];
    visibility: CommentVisibility;
    at: string;
  }
>;
export type WorkOrderCommentEvent = WorkOrderCommentPosted;

export type PostWorkOrderComment = Command<
  'PostWorkOrderComment',
  {
    commentId: string;
    workOrderId: string;
    text: string;
    mentions: readonly string[];
    blobIds: readonly string[];
    visibility: CommentVisibility;
    /** Mentioned people who would not see the comment (handler's look-up). */
    unreachableMentions: readonly string[];
    by: Party;
    at: string;
  }
>;
export type WorkOrderCommentCommand = PostWorkOrderComment;

export interface WorkOrderCommentsState {
  readonly commentIds: readonly string[];
}

export class CommentRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'CommentRuleViolation';
  }
}

export const workOrderCommentsStream = (workOrderId: string): string => `WorkOrderComments-${workOrderId}`;

const partyOf = (by: Party): CommentParty | null =>
  by.kind === 'enterprise' ? { kind: 'enterprise', id: by.enterpriseId } : by.kind === 'operator' ? { kind: 'operator', id: by.nodeId, regionCode: by.regionCode } : null;

export const workOrderComments: Decider<WorkOrderCommentCommand, WorkOrderCommentEvent, WorkOrderCommentsState> = {
  initialState: () => ({ commentIds: [] }),
  decide: (command, state) => {
    const d = command.data;
    const party = partyOf(d.by);
    if (party === null || d.by.kind === 'system') throw new CommentRuleViolation('not-your-role', 'actor', 'comments are written by people');
    if (state.commentIds.includes(d.commentId)) throw new IllegalTransition('posted', command.type);
    const text = d.text.trim();
    if (text === '' && d.blobIds.length === 0) throw new CommentRuleViolation('required', 'text', 'a comment needs text or a photo');
    if ([...text].length > COMMENT_TEXT_MAX) throw new CommentRuleViolation('max-length', 'text', `a comment holds at most ${COMMENT_TEXT_MAX} characters`);
    if (d.blobIds.length > COMMENT_PHOTOS_MAX) throw new CommentRuleViolation('max-items', 'photos', `at most ${COMMENT_PHOTOS_MAX} photos`);
    const mentions = [...new Set(d.mentions)];
    if (mentions.length > COMMENT_MENTIONS_MAX) throw new CommentRuleViolation('max-items', 'mentions', `at most ${COMMENT_MENTIONS_MAX} mentions`);
    const unreachable = mentions.findIndex((m) => d.unreachableMentions.includes(m));
    if (unreachable !== -1)
      throw new CommentRuleViolation(
        'can-see-comment',
        `mentions[${unreachable}]`,
        d.visibility === 'internal' ? 'an internal note mentions people of your own party only' : 'mention people of a party that can see this work order',
      );
    return [
      {
        type: 'WorkOrderCommentPosted',
        data: { commentId: d.commentId, workOrderId: d.workOrderId, authorId: d.by.userId, party, text, mentions, blobIds: [...d.blobIds], visibility: d.visibility, at: d.at },
      },
    ];
  },
  evolve: (state, event) => ({ commentIds: [...state.commentIds, event.data.commentId] }),
};
