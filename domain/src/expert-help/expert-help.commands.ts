import type { Command } from '../event-sourcing/decider';

// ---- Commands of a help request. Each says who acts (`by`, a user id) and when (`at`, ISO 8601). ---
// Facts from outside the stream (the work order's state, the expert's certification and tariff) are
// read by the handler and passed in, so that the decider stays pure.

type By = { readonly by: string; readonly at: string };

/** The work order as its own stream tells, when the engineer asks for help on it. */
export interface WorkOrderFacts {
  readonly status: string;
  readonly providerId: string | null;
  readonly assigneeId: string | null;
}

/** The expert as certification and the expert's own profile tell. */
export interface ExpertFacts {
  readonly expertId: string;
  /** Holds an approved expert certification now. */
  readonly certified: boolean;
  /** Certified fields of expertise. */
  readonly fields: readonly string[];
  /** Null until the expert published a tariff. */
  readonly tariffFen: number | null;
  readonly available: boolean;
}

export type RequestExpertHelp = Command<
  'RequestExpertHelp',
  By & {
    readonly helpId: string;
    readonly workOrderId: string;
    /** The enterprise the caller acts for. */
    readonly byEnterpriseId: string | null;
    readonly workOrder: WorkOrderFacts;
    readonly expert: ExpertFacts;
    readonly fieldCode: string;
    readonly question: string;
    readonly attachmentBlobIds: readonly string[];
  }
>;
export type AcceptExpertHelp = Command<'AcceptExpertHelp', By>;
export type DeclineExpertHelp = Command<'DeclineExpertHelp', By & { readonly reason: string }>;
export type PostExpertChatMessage = Command<'PostExpertChatMessage', By & { readonly messageId: string; readonly text?: string; readonly imageBlobIds?: readonly string[] }>;
export type MarkExpertChatRead = Command<'MarkExpertChatRead', By & { readonly upToMessageId: string }>;
export type CloseExpertHelp = Command<'CloseExpertHelp', By & { readonly summary: string }>;
export type RateExpert = Command<'RateExpert', By & { readonly score: number; readonly comment: string }>;

export type ExpertHelpCommand = RequestExpertHelp | AcceptExpertHelp | DeclineExpertHelp | PostExpertChatMessage | MarkExpertChatRead | CloseExpertHelp | RateExpert;
