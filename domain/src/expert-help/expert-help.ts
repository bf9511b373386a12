import { IllegalTransition, type Decider } from '../event-sourcing/decider';
import type { ExpertHelpCommand } from './expert-help.commands';
import type { ExpertHelpEvent, ExpertHelpStatus } from './expert-help.events';
import {
  blobIdsOf,
  ExpertHelpNotYourRole,
  ExpertHelpRuleViolation,
  MAX_COMMENT_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_QUESTION_LENGTH,
  MAX_REASON_LENGTH,
  MAX_SUMMARY_LENGTH,
  textOf,
} from './expert-help-rules';

// ---- State ---------------------------------------------------------------------------------------

export type ExpertHelp = {
  readonly status: ExpertHelpStatus;
  readonly helpId: string;
  readonly workOrderId: string;
  readonly engineerId: string;
  readonly providerId: string;
  readonly expertId: string;
  readonly feeFen: number;
  /** Sequence number of each message id: duplicates and read receipts are decided on it. */
  readonly messages: ReadonlyMap<string, number>;
  /** How far each party has read (a message seq; 0 for nothing). */
  readonly readUpTo: Readonly<Record<string, number>>;
  readonly rated: boolean;
};

export type ExpertHelpState = { readonly status: 'none' } | ExpertHelp;

// ---- Logic ---------------------------------------------------------------------------------------

const help = (state: ExpertHelpState, command: string): ExpertHelp => {
  if (state.status === 'none') throw new IllegalTransition('none', command);
  return state;
};

const inStatus = (state: ExpertHelp, command: string, ...allowed: ExpertHelpStatus[]) => {
  if (!allowed.includes(state.status)) throw new IllegalTransition(state.status, command);
};

const asExpert = (state: ExpertHelp, by: string) => {
  if (by !== state.expertId) throw new ExpertHelpNotYourRole('only the expert asked takes this step');
};
const asEngineer = (state: ExpertHelp, by: string) => {
  if (by !== state.engineerId) throw new ExpertHelpNotYourRole('only the engineer who asked takes this step');
};
const asParty = (state: ExpertHelp, by: string) => {
  if (by !== state.expertId && by !== state.engineerId) throw new ExpertHelpNotYourRole('only the engineer and the expert of this help take part in it');
};

const decide = (command: ExpertHelpCommand, state: ExpertHelpState): ExpertHelpEvent[] => {
  const { by, at } = command.data;
  switch (command.type) {
    case 'RequestExpertHelp': {
      const c = command.data;
      if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
      // Only the engineer the order's provider assigned, acting for that provider, asks on its behalf.
      if (c.workOrder.assigneeId !== by || c.workOrder.providerId === null || c.byEnterpriseId !== c.workOrder.providerId)
        throw new ExpertHelpNotYourRole('only the engineer assigned to the work order, acting for its provider, asks an expert for help');
      if (c.workOrder.status !== 'in-progress') throw new ExpertHelpRuleViolation('work-order-not-in-progress', 'workOrderId', 'help is asked for while the work is in progress');
      if (c.expert.expertId === by) throw new ExpertHelpRuleViolation('own-expert', 'expertId', 'ask another expert than yourself');
      if (!c.expert.certified) throw new ExpertHelpRuleViolation('expert-not-certified', 'expertId', 'this person holds no approved expert certification');
      if (!c.expert.available || c.expert.tariffFen === null) throw new ExpertHelpRuleViolation('expert-unavailable', 'expertId', 'the expert is not accepting requests now');
      if (!c.expert.fields.includes(c.fieldCode)) throw new ExpertHelpRuleViolation('field-not-offered', 'fieldCode', 'the expert is not certified in this field');
      const question = textOf(c.question, 'question', MAX_QUESTION_LENGTH, true);
      return [
        {
          type: 'ExpertHelpRequested',
          data: {
            helpId: c.helpId,
            workOrderId: c.workOrderId,
            engineerId: by,
            providerId: c.workOrder.providerId,
            expertId: c.expert.expertId,
            fieldCode: c.fieldCode,
            feeFen: c.expert.tariffFen,
            question,
            attachmentBlobIds: blobIdsOf(c.attachmentBlobIds, 'attachmentBlobIds'),
            at,
          },
        },
      ];
    }
    case 'AcceptExpertHelp': {
      const s = help(state, command.type);
      asExpert(s, by);
      inStatus(s, command.type, 'requested');
      return [{ type: 'ExpertHelpAccepted', data: { helpId: s.helpId, expertId: s.expertId, at } }];
    }
    case 'DeclineExpertHelp': {
      const s = help(state, command.type);
      asExpert(s, by);
      inStatus(s, command.type, 'requested');
      return [{ type: 'ExpertHelpDeclined', data: { helpId: s.helpId, expertId: s.expertId, reason: textOf(command.data.reason, 'reason', MAX_REASON_LENGTH, true), at } }];
    }
    case 'PostExpertChatMessage': {
      const s = help(state, command.type);
      asParty(s, by);
      // A message posted again under its id (a client's retry) is already there.
      if (s.messages.has(command.data.messageId)) return [];
      inStatus(s, command.type, 'accepted');
      const text = textOf(command.data.text, 'text', MAX_MESSAGE_LENGTH, false);
      const images = blobIdsOf(command.data.imageBlobIds, 'imageBlobIds');
      if (text.length === 0 && images.length === 0) throw new ExpertHelpRuleViolation('message-empty', 'text', 'a message holds text or at least one image');
      return [
        {
          type: 'ExpertChatMessagePosted',
          data: {
            helpId: s.helpId,
            messageId: command.data.messageId,
            authorId: by,
            seq: s.messages.size + 1,
            ...(text.length > 0 ? { text } : {}),
            ...(images.length > 0 ? { imageBlobIds: images } : {}),
            at,
          },
        },
      ];
    }
    case 'MarkExpertChatRead': {
      const s = help(state, command.type);
      asParty(s, by);
      inStatus(s, command.type, 'accepted', 'closed');
      const seq = s.messages.get(command.data.upToMessageId);
      if (seq === undefined) throw new ExpertHelpRuleViolation('message-unknown', 'upToMessageId', 'no such message in this help');
      // Receipts only move forward: reading an older message again says nothing new.
      if (seq <= (s.readUpTo[by] ?? 0)) return [];
      return [{ type: 'ExpertChatRead', data: { helpId: s.helpId, readerId: by, upToMessageId: command.data.upToMessageId, upToSeq: seq, at } }];
    }
    case 'CloseExpertHelp': {
      const s = help(state, command.type);
      asExpert(s, by);
      inStatus(s, command.type, 'accepted');
      const summary = textOf(command.data.summary, 'summary', MAX_SUMMARY_LENGTH, true);
      return [{ type: 'ExpertHelpClosed', data: { helpId: s.helpId, workOrderId: s.workOrderId, expertId: s.expertId, engineerId: s.engineerId, summary, feeFen: s.feeFen, at } }];
    }
    case 'RateExpert': {
      const s = help(state, command.type);
      asEngineer(s, by);
      inStatus(s, command.type, 'closed');
      if (s.rated) throw new ExpertHelpRuleViolation('already-rated', 'score', 'this help has been rated');
      const { score } = command.data;
      if (!Number.isInteger(score) || score < 1 || score > 5) throw new ExpertHelpRuleViolation('score', 'score', 'the score is a whole number from 1 to 5');
      return [{ type: 'ExpertRated', data: { helpId: s.helpId, expertId: s.expertId, engineerId: s.engineerId, score, comment: textOf(command.data.comment, 'comment', MAX_COMMENT_LENGTH, false), at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: ExpertHelpState, event: ExpertHelpEvent): ExpertHelpState => {
  if (event.type === 'ExpertHelpRequested') {
    const d = event.data;
    return {
      status: 'requested',
      helpId: d.helpId,
      workOrderId: d.workOrderId,
      engineerId: d.engineerId,
      providerId: d.providerId,
      expertId: d.expertId,
      feeFen: d.feeFen,
      messages: new Map(),
      readUpTo: {},
      rated: false,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ExpertHelpAccepted':
      return { ...state, status: 'accepted' };
    case 'ExpertHelpDeclined':
      return { ...state, status: 'declined' };
    case 'ExpertChatMessagePosted':
      // A new map per message keeps states immutable; a chat stays in the hundreds of messages.
      return { ...state, messages: new Map(state.messages).set(event.data.messageId, event.data.seq) };
    case 'ExpertChatRead':
      return { ...state, readUpTo: { ...state.readUpTo, [event.data.readerId]: event.data.upToSeq } };
    case 'ExpertHelpClosed':
      return { ...state, status: 'closed' };
    case 'ExpertRated':
      return { ...state, rated: true };
  }
};

/** The decider of one help request (stream `ExpertHelp-<helpId>`). */
export const expertHelp: Decider<ExpertHelpCommand, ExpertHelpEvent, ExpertHelpState> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
