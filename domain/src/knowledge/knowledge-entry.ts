import { IllegalTransition, RuleViolation, type Decider } from '../event-sourcing/decider';
import { isDeviceType, isFaultType } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';
import type { KnowledgeEntryCommand } from './knowledge-entry.commands';
import type { KnowledgeContent, KnowledgeEntryEvent, KnowledgeSource, KnowledgeStatus } from './knowledge-entry.events';

// ---- A knowledge-base entry: draft → proposed → approved | rejected → published → retired --------
//
// The owner's people write and revise it (while draft or rejected) and propose it; a reviewer — a person
// of a reviewing enterprise other than the author — approves or rejects it; owner or reviewer publish an
// approved entry and retire a published one. An engineer of the provider proposes an entry from a
// closed work order: the provider owns it and the order's manufacturer (when on the platform) reviews
// it beside the provider.

export interface KnowledgeEntryState {
  readonly status: KnowledgeStatus | 'none';
  readonly entryId: string | null;
  readonly ownerId: string | null;
  readonly authorId: string | null;
  readonly reviewerIds: readonly string[];
  readonly content: KnowledgeContent | null;
  readonly source: KnowledgeSource | null;
  readonly revision: number;
}

/** A rule about what the entry says; `field` names the input for the 4xx body. */
export class KnowledgeRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'KnowledgeRuleViolation';
  }
}

/** The acting party is not the one the step belongs to (owner, reviewer, the order's provider). */
export class KnowledgeNotYourRole extends KnowledgeRuleViolation {
  constructor(message: string, rule = 'not-your-role') {
    super(rule, 'actor', message);
    this.name = 'KnowledgeNotYourRole';
  }
}

const initialState = (): KnowledgeEntryState => ({ status: 'none', entryId: null, ownerId: null, authorId: null, reviewerIds: [], content: null, source: null, revision: 0 });

const enterpriseOf = (by: Party): string | null => (by.kind === 'enterprise' ? by.enterpriseId : null);
const userOf = (by: Party): string | null => (by.kind === 'system' ? null : by.userId);

const checkContent = (content: KnowledgeContent): void => {
  if (!isDeviceType(content.deviceType)) throw new KnowledgeRuleViolation('device-type', 'deviceType', `${content.deviceType} is not a device type of the catalogue`);
  if (!isFaultType(content.faultType)) throw new KnowledgeRuleViolation('fault-type', 'faultType', `${content.faultType} is not a fault type of the catalogue`);
  if (content.title.trim() === '') throw new KnowledgeRuleViolation('required', 'title', 'an entry needs a title');
  if (content.steps.length === 0 || content.steps.some((s) => s.trim() === '')) throw new KnowledgeRuleViolation('required', 'steps', 'a repair plan needs at least one step, none empty');
};

const requireStatus = (state: KnowledgeEntryState, command: KnowledgeEntryCommand['type'], ...allowed: KnowledgeStatus[]): void => {
  if (!(allowed as string[]).includes(state.status)) throw new IllegalTransition(state.status, command);
};

const requireOwner = (state: KnowledgeEntryState, by: Party): void => {
  if (enterpriseOf(by) !== state.ownerId) throw new KnowledgeNotYourRole('only the people of the entry’s owner do this');
};

const requireReviewer = (state: KnowledgeEntryState, by: Party): void => {
  const enterpriseId = enterpriseOf(by);
  if (enterpriseId === null || !state.reviewerIds.includes(enterpriseId)) throw new KnowledgeNotYourRole('only the people of the reviewing enterprises review this entry');
  // Four eyes: whoever wrote the plan does not pass it.
  if (userOf(by) === state.authorId) throw new KnowledgeNotYourRole('the author does not review their own entry', 'four-eyes');
};

const requireOwnerOrReviewer = (state: KnowledgeEntryState, by: Party): void => {
  const enterpriseId = enterpriseOf(by);
  if (enterpriseId === null || (enterpriseId !== state.ownerId && !state.reviewerIds.includes(enterpriseId))) throw new KnowledgeNotYourRole('only the owner or a reviewer of the entry does this');
};

export const knowledgeEntry: Decider<KnowledgeEntryCommand, KnowledgeEntryEvent, KnowledgeEntryState> = {
  initialState,
  decide: (command, state) => {
    const { by, at } = command.data;
    switch (command.type) {
      case 'DraftKnowledgeEntry': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        const ownerId = enterpriseOf(by);
        if (ownerId === null || (command.data.ownerType !== 'manufacturer' && command.data.ownerType !== 'service-provider'))
          throw new KnowledgeNotYourRole('repair plans are written by manufacturers and service providers', 'owner-type');
        checkContent(command.data.content);
        return [{ type: 'KnowledgeEntryDrafted', data: { entryId: command.data.entryId, ownerId, authorId: userOf(by)!, reviewerIds: [ownerId], content: command.data.content, source: null, at } }];
      }
      case 'ProposeFromWorkOrder': {
        if (state.status !== 'none') throw new IllegalTransition(state.status, command.type);
        const order = command.data.workOrder;
        if (order === null) throw new KnowledgeRuleViolation('exists', 'workOrderId', 'no such work order');
        const ownerId = enterpriseOf(by);
        if (ownerId === null || ownerId !== order.providerId) throw new KnowledgeNotYourRole('entries are proposed from a work order by its provider’s people');
        if (order.status !== 'closed') throw new KnowledgeRuleViolation('work-order-closed', 'workOrderId', `work order ${order.number} is ${order.status}: propose an entry once it is closed`);
        checkContent(command.data.content);
        const reviewerIds = [...new Set([order.manufacturerId, order.providerId].filter((id): id is string => id !== null))];
        return [
          {
            type: 'KnowledgeEntryDrafted',
            data: { entryId: command.data.entryId, ownerId, authorId: userOf(by)!, reviewerIds, content: command.data.content, source: { workOrderId: order.workOrderId, number: order.number }, at },
          },
          { type: 'KnowledgeEntryProposed', data: { by, at } },
        ];
      }
      case 'ReviseKnowledgeEntry':
        requireStatus(state, command.type, 'draft', 'rejected');
        requireOwner(state, by);
        checkContent(command.data.content);
        return [{ type: 'KnowledgeEntryRevised', data: { content: command.data.content, by, at } }];
      case 'ProposeKnowledgeEntry':
        requireStatus(state, command.type, 'draft', 'rejected');
        requireOwner(state, by);
        return [{ type: 'KnowledgeEntryProposed', data: { by, at } }];
      case 'ApproveKnowledgeEntry':
        requireStatus(state, command.type, 'proposed');
        requireReviewer(state, by);
        return [{ type: 'KnowledgeEntryApproved', data: { by, opinion: command.data.opinion, at } }];
      case 'RejectKnowledgeEntry':
        requireStatus(state, command.type, 'proposed');
        requireReviewer(state, by);
        if (command.data.reason.trim() === '') throw new KnowledgeRuleViolation('required', 'reason', 'say why the entry is rejected');
        return [{ type: 'KnowledgeEntryRejected', data: { by, reason: command.data.reason, at } }];
      case 'PublishKnowledgeEntry':
        requireStatus(state, command.type, 'approved');
        requireOwnerOrReviewer(state, by);
        return [{ type: 'KnowledgeEntryPublished', data: { by, at } }];
      case 'RetireKnowledgeEntry':
        requireStatus(state, command.type, 'published');
        requireOwnerOrReviewer(state, by);
        return [{ type: 'KnowledgeEntryRetired', data: { by, reason: command.data.reason, at } }];
      default: {
        const unreachable: never = command;
        return unreachable;
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'KnowledgeEntryDrafted': {
        const d = event.data;
        return { ...state, status: 'draft', entryId: d.entryId, ownerId: d.ownerId, authorId: d.authorId, reviewerIds: d.reviewerIds, content: d.content, source: d.source, revision: 1 };
      }
      case 'KnowledgeEntryRevised':
        return { ...state, status: 'draft', content: event.data.content, revision: state.revision + 1 };
      case 'KnowledgeEntryProposed':
        return { ...state, status: 'proposed' };
      case 'KnowledgeEntryApproved':
        return { ...state, status: 'approved' };
      case 'KnowledgeEntryRejected':
        return { ...state, status: 'rejected' };
      case 'KnowledgeEntryPublished':
        return { ...state, status: 'published' };
      case 'KnowledgeEntryRetired':
        return { ...state, status: 'retired' };
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
