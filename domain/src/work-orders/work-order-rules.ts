import { RuleViolation } from '../event-sourcing/decider';

// ---- The tunable rules of a work order, and its refusals ------------------------------------------

export interface WorkOrderRules {
  /** Days after closing within which the requester may reopen the order (repair warranty). */
  readonly repairWarrantyDays: number;
  /** A description at least this long (characters) may pass the automatic review. */
  readonly autoReviewMinDescription: number;
  readonly maxDescription: number;
  readonly maxAttachments: number;
  readonly attachmentMaxBytes: number;
  readonly attachmentMediaTypes: readonly string[];
}

export const DEFAULT_WORK_ORDER_RULES: WorkOrderRules = {
  repairWarrantyDays: 30,
  autoReviewMinDescription: 10,
  maxDescription: 2000,
  maxAttachments: 9,
  attachmentMaxBytes: 5 * 1024 * 1024,
  attachmentMediaTypes: ['image/jpeg', 'image/png', 'application/pdf'],
};

/** A work-order rule refused the command; `field` names the input it is about (422). */
export class WorkOrderRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'WorkOrderRuleViolation';
  }
}

/**
 * The acting party sees the order but is not the one this step belongs to (not its provider, not its
 * engineer, not an operator of its jurisdiction ...): rule `not-your-role`, answered 403.
 */
export class NotYourRole extends WorkOrderRuleViolation {
  constructor(message: string) {
    super('not-your-role', 'by', message);
    this.name = 'NotYourRole';
  }
}

/** Rules refused because of what the order holds now rather than the input: answered 409. */
export const WORK_ORDER_CONFLICT_RULES: readonly string[] = ['record-exists', 'repair-warranty-expired', 'duplicate-evaluation'];
