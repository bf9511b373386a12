import type { DomainEvent } from '../event-sourcing/event';

// ---- Events of an enterprise (stream `Enterprise-<enterpriseId>`) --------------------------------
// Memberships are not here: each (enterprise, user) pair has its own stream (membership.events.ts).

/** Where an enterprise stands; `unregistered` is the status of an id no enterprise has. */
export type EnterpriseStatus = 'unregistered' | 'pending-review' | 'approved' | 'rejected';

export type EnterpriseType = 'manufacturer' | 'equipment-user' | 'service-provider';

export interface EnterpriseAddress {
  /** GB/T 2260 county code: fixes the enterprise's jurisdiction. */
  readonly countyCode: string;
  readonly line: string;
}

/** The business licence in the blob store; the file itself never enters the event log. */
export interface LicenceBlob {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

/** What an enterprise declares about itself; checked again whenever it is (re)submitted. */
export type EnterpriseDetails = {
  readonly type: EnterpriseType;
  readonly name: string;
  readonly uscc: string;
  readonly address: EnterpriseAddress;
  /** `jurisdictionOf(address.countyCode)`: the county and its ancestors, the rows' `scope.regions`. */
  readonly jurisdiction: readonly string[];
  readonly licence: LicenceBlob;
};

export type Review = {
  readonly reviewerNodeId: string;
  readonly opinion: string;
  readonly at: string;
};

export type EnterpriseRegistered = DomainEvent<
  'EnterpriseRegistered',
  EnterpriseDetails & { enterpriseId: string; parentEnterpriseId: string | null; registrantUserId: string; at: string }
>;
export type EnterpriseApproved = DomainEvent<'EnterpriseApproved', Review>;
export type EnterpriseRejected = DomainEvent<'EnterpriseRejected', Review>;
export type EnterpriseResubmitted = DomainEvent<'EnterpriseResubmitted', EnterpriseDetails & { at: string }>;

export type EnterpriseEvent = EnterpriseRegistered | EnterpriseApproved | EnterpriseRejected | EnterpriseResubmitted;

export const enterpriseStream = (enterpriseId: string): string => `Enterprise-${enterpriseId}`;
