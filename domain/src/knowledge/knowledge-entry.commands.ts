import type { Command } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { KnowledgeContent } from './knowledge-entry.events';

// ---- Commands of a knowledge-base entry. Every one says who acts (`by`) and when (`at`). ---------
// Facts beyond the entry's stream (the owner enterprise's type, the work order it comes from) are read
// by the handler and passed in.

type By = { by: Party; at: string };

/** The kinds of enterprise that write repair plans. */
export type KnowledgeOwnerType = 'manufacturer' | 'equipment-user' | 'service-provider';

export type DraftKnowledgeEntry = Command<'DraftKnowledgeEntry', By & { entryId: string; content: KnowledgeContent; ownerType: KnowledgeOwnerType | null }>;
/** An engineer's proposal from a work order: drafted and proposed at once, reviewed by the order's manufacturer or provider. */
export type ProposeFromWorkOrder = Command<
  'ProposeFromWorkOrder',
  By & {
    entryId: string;
    content: KnowledgeContent;
    workOrder: { workOrderId: string; number: string; status: string; providerId: string | null; manufacturerId: string | null } | null;
  }
>;
export type ReviseKnowledgeEntry = Command<'ReviseKnowledgeEntry', By & { content: KnowledgeContent }>;
export type ProposeKnowledgeEntry = Command<'ProposeKnowledgeEntry', By>;
export type ApproveKnowledgeEntry = Command<'ApproveKnowledgeEntry', By & { opinion: string }>;
export type RejectKnowledgeEntry = Command<'RejectKnowledgeEntry', By & { reason: string }>;
export type PublishKnowledgeEntry = Command<'PublishKnowledgeEntry', By>;
export type RetireKnowledgeEntry = Command<'RetireKnowledgeEntry', By & { reason: string }>;

export type KnowledgeEntryCommand =
  | DraftKnowledgeEntry
  | ProposeFromWorkOrder
  | ReviseKnowledgeEntry
  | ProposeKnowledgeEntry
  | ApproveKnowledgeEntry
  | RejectKnowledgeEntry
  | PublishKnowledgeEntry
  | RetireKnowledgeEntry;
