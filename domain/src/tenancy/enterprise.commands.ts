import type { Command } from '../event-sourcing/decider';
import type { EnterpriseAddress, EnterpriseStatus, EnterpriseType, LicenceBlob } from './enterprise.events';

// ---- Commands of an enterprise. Time always comes in the command (`at`, ISO 8601). ---------------

export type EnterpriseSubmission = {
  type: EnterpriseType;
  name: string;
  uscc: string;
  address: EnterpriseAddress;
  licence: LicenceBlob;
};

export type RegisterEnterprise = Command<
  'RegisterEnterprise',
  EnterpriseSubmission & {
    enterpriseId: string;
    /** A sub-enterprise names its parent, which may sit in another jurisdiction. */
    parentEnterpriseId: string | null;
    /** The parent's status as the caller read it from the parent's stream; null without a parent. */
    parentEnterpriseStatus: EnterpriseStatus | null;
    /** The user who registers it becomes its first admin (membership.ts). */
    registrantUserId: string;
    at: string;
  }
>;
/** The reviewer acts for an operator node; the caller reads that node's division code from it. */
type ReviewBy = { reviewerNodeId: string; reviewerDivisionCode: string; at: string };
export type ApproveEnterprise = Command<'ApproveEnterprise', ReviewBy & { opinion?: string }>;
export type RejectEnterprise = Command<'RejectEnterprise', ReviewBy & { opinion: string }>;
export type ResubmitEnterprise = Command<'ResubmitEnterprise', EnterpriseSubmission & { at: string }>;

export type EnterpriseCommand = RegisterEnterprise | ApproveEnterprise | RejectEnterprise | ResubmitEnterprise;
