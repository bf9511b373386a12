import { RuleViolation } from '../event-sourcing/decider';
import type { Review, TenancyRules } from '../tenancy';

// ---- What real-name verification and certifications share: rules, file references, review ------

/** A certification rule refused the command; `field` names the input it is about, for the 4xx body. */
export class CertificationRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'CertificationRuleViolation';
  }
}

export type ResidentIdCheck =
  | { readonly valid: true; readonly idNumber: string }
  | { readonly valid: false; readonly rule: 'format' | 'birth-date' | 'check-character'; readonly message: string };

/**
 * The pure rules the certification deciders need and domain cannot import (module boundaries): the
 * division rules of @kuaige/tenancy, the GB 11643 resident-ID check and identity's display masks.
 */
export interface CertificationRules extends Pick<TenancyRules, 'levelOfCode' | 'jurisdictionOf' | 'divisionExists'> {
  /** GB 11643: 18 characters, birth date from 1900 up to `at`, mod 11-2 check character. */
  readonly checkResidentId: (idNumber: string, at: string) => ResidentIdCheck;
  readonly maskName: (name: string) => string;
  readonly maskResidentId: (idNumber: string) => string;
}

/** A file in the blob store (an ID photo, a certificate); the file itself never enters the event log. */
export interface BlobReference {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export const FILE_MAX_BYTES = 10 * 1024 * 1024;

/** Checks a file reference's declared type and size; the blob store checks the bytes on upload. */
export const checkBlob = (blob: BlobReference, field: string, mediaTypes: readonly string[]): void => {
  if (typeof blob.blobId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(blob.blobId))
    throw new CertificationRuleViolation('blob-id', `${field}.blobId`, 'a file reference needs the blob id the upload returned');
  if (!mediaTypes.includes(blob.mediaType))
    throw new CertificationRuleViolation('media-type', `${field}.mediaType`, `the file must be one of ${mediaTypes.join(', ')}`);
  if (!Number.isInteger(blob.size) || blob.size <= 0 || blob.size > FILE_MAX_BYTES)
    throw new CertificationRuleViolation('file-size', `${field}.size`, 'the file must be between 1 byte and 10 MB');
};

/** The county an application is filed in; its city's operator reviews it. */
export const countyJurisdiction = (rules: CertificationRules, countyCode: string): string[] => {
  let level: string;
  try {
    level = rules.levelOfCode(countyCode);
  } catch {
    throw new CertificationRuleViolation('division-code', 'countyCode', `${JSON.stringify(countyCode)} is not a GB/T 2260 code`);
  }
  if (!rules.divisionExists(countyCode))
    throw new CertificationRuleViolation('division-unknown', 'countyCode', `division ${countyCode} does not exist in GB/T 2260`);
  if (level !== 'county') throw new CertificationRuleViolation('county-code', 'countyCode', `${countyCode} is not a county: give the 6-digit county code`);
  return rules.jurisdictionOf(countyCode);
};

/** Where an application stands; `none` for a user who never applied. */
export type ApplicationStatus = 'none' | 'pending-review' | 'approved' | 'rejected' | 'revoked';

/** One step of an application's history, as the applicant and the reviewers see it. */
export interface HistoryEntry {
  readonly action: 'submitted' | 'resubmitted' | 'approved' | 'rejected' | 'revoked';
  readonly at: string;
  readonly reviewerNodeId: string | null;
  readonly opinion: string | null;
}


/** The reviewer acts for an operator node; the caller reads that node's division code from its stream. */
export type ReviewBy = { reviewerNodeId: string; reviewerDivisionCode: string; at: string };

export const submittedEntry = (action: 'submitted' | 'resubmitted', at: string): HistoryEntry => ({ action, at, reviewerNodeId: null, opinion: null });
export const reviewEntry = (action: 'approved' | 'rejected' | 'revoked', review: Review): HistoryEntry => ({
  action,
  at: review.at,
  reviewerNodeId: review.reviewerNodeId,
  opinion: review.opinion,
});

/** A rejection or revocation must say why: the applicant has to know what to correct. */
export const opinionRequired = (opinion: string): string => {
  const trimmed = (opinion ?? '').trim();
  if (trimmed === '') throw new CertificationRuleViolation('opinion-required', 'opinion', 'a rejection or revocation must say why');
  return trimmed;
};
