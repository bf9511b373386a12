import type { DomainEvent, ExpertHelp, ExternalChannel, WorkOrder } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import type { TemplateKey, TemplateValues } from '../templates/templates';

/** What a rule may look up to find whom to tell; answers reflect the read models (and streams) now. */
export interface RecipientLookups {
  /** The work order as it stood right after `event` (folded from its stream up to the event's revision). */
  workOrderAt(event: RecordedEvent): Promise<WorkOrder | null>;
  /** The work order as it stands, by id (for events of other streams that name one). */
  workOrder(workOrderId: string): Promise<WorkOrder | null>;
  /** Active members of the enterprise whose roles (built-in or the enterprise's own) grant `permission`. */
  enterpriseUsers(enterpriseId: string | null, permission: string): Promise<string[]>;
  /** Staff of the order's own operator node (the deepest in the jurisdiction) who may dispatch. */
  jurisdictionOperators(jurisdiction: readonly string[]): Promise<string[]>;
  /** The expert help as it stood right after `event` (an event of its `ExpertHelp-` stream). */
  expertHelpAt(event: RecordedEvent): Promise<ExpertHelp | null>;
  /** Staff of one operator node who may dispatch. */
  nodeOperators(nodeId: string | null): Promise<string[]>;
}

/** The work order a notification is about, as the template and the inbox's link show it. */
export interface RuleSubject {
  readonly workOrderId: string;
  readonly number: string;
  readonly deviceName: string;
  /** Where the inbox links to when not the work order itself (an expert's chat: the expert cannot open the order). */
  readonly link?: { readonly kind: 'expert-help' | 'low-stock' | 'report'; readonly id: string };
}

/**
 * A notification rule, as data: which event, whom (user ids), which template, which channels by
 * default (in-app always; SMS and e-mail as listed unless the user chose otherwise).
 */
export interface NotificationRule<E extends DomainEvent = DomainEvent> {
  readonly eventType: E['type'];
  readonly template: TemplateKey;
  readonly channels: readonly ExternalChannel[];
  /** The work order it is about, or null to raise nothing (an event of another category). */
  subject(event: RecordedEvent<E>, lookups: RecipientLookups): Promise<RuleSubject | null>;
  recipients(event: RecordedEvent<E>, lookups: RecipientLookups): Promise<readonly string[]>;
  /** Values for the template besides the subject's (a reason, a score). */
  params?(event: RecordedEvent<E>): TemplateValues;
}

// Each rule's functions are called only with events of its own type, so widening them is sound.
export const rule = <E extends DomainEvent>(definition: NotificationRule<E>): NotificationRule => definition as unknown as NotificationRule;
