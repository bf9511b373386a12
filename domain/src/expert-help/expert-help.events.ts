import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of one paid help request (stream `ExpertHelp-<helpId>`, EXP-1…EXP-3) -------------------
// An engineer working a work order asks a certified expert for help at the expert's published fee;
// the expert accepts or declines, both chat inside the request, the expert closes it with a summary
// that joins the work order's record, and the engineer rates the expert. Money is integer fen.
// Other parts rely on these names and fields (notifications, settlement): they are issue #11's contract.

export const expertHelpStream = (helpId: string): string => `ExpertHelp-${helpId}`;

export const EXPERT_HELP_STATUSES = ['requested', 'accepted', 'declined', 'closed'] as const;
export type ExpertHelpStatus = (typeof EXPERT_HELP_STATUSES)[number];

type OfHelp = { readonly helpId: string; readonly at: string };

export type ExpertHelpRequested = DomainEvent<
  'ExpertHelpRequested',
  OfHelp & {
    readonly workOrderId: string;
    readonly engineerId: string;
    /** The provider enterprise the engineer works the order for. */
    readonly providerId: string;
    readonly expertId: string;
    /** One of the expert's certified fields of expertise. */
    readonly fieldCode: string;
    /** The expert's tariff when asked, in fen: what settlement will pay. */
    readonly feeFen: number;
    readonly question: string;
    /** Images or documents the engineer uploaded (`POST /api/v1/blobs`). */
    readonly attachmentBlobIds: readonly string[];
  }
>;
export type ExpertHelpAccepted = DomainEvent<'ExpertHelpAccepted', OfHelp & { readonly expertId: string }>;
export type ExpertHelpDeclined = DomainEvent<'ExpertHelpDeclined', OfHelp & { readonly expertId: string; readonly reason: string }>;
export type ExpertChatMessagePosted = DomainEvent<
  'ExpertChatMessagePosted',
  OfHelp & {
    readonly messageId: string;
    readonly authorId: string;
    /** 1, 2, 3 … in the order the messages were posted in this help. */
    readonly seq: number;
    readonly text?: string;
    readonly imageBlobIds?: readonly string[];
  }
>;
export type ExpertChatRead = DomainEvent<'ExpertChatRead', OfHelp & { readonly readerId: string; readonly upToMessageId: string; readonly upToSeq: number }>;
export type ExpertHelpClosed = DomainEvent<
  'ExpertHelpClosed',
  OfHelp & { readonly workOrderId: string; readonly expertId: string; readonly engineerId: string; readonly summary: string; readonly feeFen: number }
>;
export type ExpertRated = DomainEvent<'ExpertRated', OfHelp & { readonly expertId: string; readonly engineerId: string; readonly score: number; readonly comment: string }>;

export type ExpertHelpEvent =
  | ExpertHelpRequested
  | ExpertHelpAccepted
  | ExpertHelpDeclined
  | ExpertChatMessagePosted
  | ExpertChatRead
  | ExpertHelpClosed
  | ExpertRated;
