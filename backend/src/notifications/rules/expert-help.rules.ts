import { expertHelpStream, type ExpertHelp, type ExpertHelpEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import type { TemplateKey, TemplateValues } from '../templates/templates';
import { rule, type NotificationRule, type RecipientLookups, type RuleSubject } from './notification-rule';

// ---- Rules for expert help (EXP-1…EXP-3) -------------------------------------------------------------
// The two parties are the engineer who asked and the expert asked; the provider's dispatchers learn
// of the fee when the help closes (it is settled with the order). The expert is no party of the work
// order, so every notice links to the help's chat, labelled with the order's number.

const PREFIX = expertHelpStream('');

const subjectOf = async (event: RecordedEvent, lookups: RecipientLookups): Promise<RuleSubject | null> => {
  if (!event.streamId.startsWith(PREFIX)) return null;
  const help = await lookups.expertHelpAt(event);
  if (!help) return null;
  const order = await lookups.workOrder(help.workOrderId);
  if (!order) return null;
  return { workOrderId: order.workOrderId, number: order.number, deviceName: order.device.name, link: { kind: 'expert-help', id: help.helpId } };
};

type Audience = 'expert' | 'engineer' | 'provider' | 'other-party';

const audiences = async (help: ExpertHelp, event: RecordedEvent, who: readonly Audience[], lookups: RecipientLookups): Promise<string[]> => {
  const users: string[] = [];
  for (const audience of who) {
    if (audience === 'expert') users.push(help.expertId);
    if (audience === 'engineer') users.push(help.engineerId);
    if (audience === 'provider') users.push(...(await lookups.enterpriseUsers(help.providerId, 'work-order:assign')));
    if (audience === 'other-party') {
      const author = (event.data as { authorId?: string }).authorId;
      users.push(author === help.expertId ? help.engineerId : help.expertId);
    }
  }
  return users;
};

/** At most this many characters of a question or message go into a notice (an SMS holds 70). */
const EXCERPT = 40;
const excerpt = (text: unknown): string => {
  const chars = [...String(text ?? '')];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : chars.join('');
};

const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

const paramsOf = (event: RecordedEvent): TemplateValues => {
  const data = event.data as Record<string, unknown>;
  return {
    question: excerpt(data['question']),
    reason: String(data['reason'] ?? ''),
    text: data['text'] ? excerpt(data['text']) : { 'zh-CN': '［图片］', en: '[image]' },
    summary: excerpt(data['summary']),
    fee: typeof data['feeFen'] === 'number' ? yuan(data['feeFen']) : '',
    score: data['score'] === undefined ? '' : String(data['score']),
    comment: excerpt(data['comment']),
  };
};

const toParties = (eventType: ExpertHelpEvent['type'], template: TemplateKey, who: readonly Audience[], channels: NotificationRule['channels'] = []): NotificationRule =>
  rule<ExpertHelpEvent>({
    eventType,
    template,
    channels,
    subject: subjectOf,
    recipients: async (event, lookups) => {
      const help = await lookups.expertHelpAt(event);
      return help ? audiences(help, event, who, lookups) : [];
    },
    params: paramsOf,
  });

export const EXPERT_HELP_RULES: readonly NotificationRule[] = [
  toParties('ExpertHelpRequested', 'expert-help.requested', ['expert'], ['sms']),
  toParties('ExpertHelpAccepted', 'expert-help.accepted', ['engineer']),
  toParties('ExpertHelpDeclined', 'expert-help.declined', ['engineer'], ['sms']),
  // In-app only: the chat itself is live; the inbox catches a party who has it closed.
  toParties('ExpertChatMessagePosted', 'expert-help.message', ['other-party']),
  toParties('ExpertHelpClosed', 'expert-help.closed', ['engineer']),
  toParties('ExpertHelpClosed', 'expert-help.closed-provider', ['provider']),
  toParties('ExpertRated', 'expert-help.rated', ['expert']),
];
