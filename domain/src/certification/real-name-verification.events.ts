import type { DomainEvent } from '../event-sourcing/event';
import type { Review } from '../tenancy';
import type { BlobReference } from './verification';

// ---- Events of a user's real-name verification (stream `RealNameVerification-<userId>`) ---------
// The name and ID number are stored only as the handler encrypted them (bound to the user), with a
// keyed blind index of the ID number to find it by, and the display masks reviewers see.

export type IdPhotoSide = 'front' | 'back';
export interface IdPhoto extends BlobReference {
  readonly side: IdPhotoSide;
}

export type RealNameDetails = {
  readonly realNameEncrypted: string;
  /** `张*`: what a reviewer sees beside the photos. */
  readonly realNameMasked: string;
  readonly idNumberEncrypted: string;
  readonly idNumberIndex: string;
  /** `110105********123X`. */
  readonly idNumberMasked: string;
  /** Front and back of the ID card. */
  readonly photos: readonly IdPhoto[];
  /** Where the user lives or works: its city's operator reviews the application. */
  readonly countyCode: string;
  /** `jurisdictionOf(countyCode)`, nearest first: the review rows' `scope.regions`. */
  readonly jurisdiction: readonly string[];
};

export type RealNameVerificationSubmitted = DomainEvent<'RealNameVerificationSubmitted', RealNameDetails & { userId: string; at: string }>;
export type RealNameVerificationResubmitted = DomainEvent<'RealNameVerificationResubmitted', RealNameDetails & { userId: string; at: string }>;
export type RealNameVerificationApproved = DomainEvent<'RealNameVerificationApproved', Review>;
export type RealNameVerificationRejected = DomainEvent<'RealNameVerificationRejected', Review>;

export type RealNameVerificationEvent =
  | RealNameVerificationSubmitted
  | RealNameVerificationResubmitted
  | RealNameVerificationApproved
  | RealNameVerificationRejected;

export const realNameVerificationStream = (userId: string): string => `RealNameVerification-${userId}`;
