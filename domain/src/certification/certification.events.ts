import type { DomainEvent } from '../event-sourcing/event';
import type { Review } from '../tenancy';
import type { BlobReference } from './verification';

// ---- Events of a user's certification as engineer or expert (`Certification-<userId>-<kind>`) ----
// Each kind has its own stream, so the two roles are applied for, reviewed and held independently.

/** 技术工程师 (takes work orders) or 专家 (paid technical support to engineers). */
export type CertificationKind = 'engineer' | 'expert';

/** What a material proves (S3 三.一.1(2)(3): 学历证书, 资格证书, 工作经历证明, 身份证 …). */
export type MaterialType = 'education' | 'qualification' | 'work-experience' | 'identity' | 'other';
export interface Material extends BlobReference {
  readonly type: MaterialType;
}

export type CertificationDetails = {
  readonly materials: readonly Material[];
  /** Fields of expertise (擅长领域), trimmed and without duplicates. */
  readonly skills: readonly string[];
  /** Years of relevant work experience. */
  readonly years: number;
  readonly countyCode: string;
  /** `jurisdictionOf(countyCode)`, nearest first: the review rows' `scope.regions`. */
  readonly jurisdiction: readonly string[];
};

type Applicant = { userId: string; kind: CertificationKind; at: string };
export type CertificationApplied = DomainEvent<'CertificationApplied', CertificationDetails & Applicant>;
export type CertificationResubmitted = DomainEvent<'CertificationResubmitted', CertificationDetails & Applicant>;
export type CertificationApproved = DomainEvent<'CertificationApproved', Review>;
export type CertificationRejected = DomainEvent<'CertificationRejected', Review>;
export type CertificationRevoked = DomainEvent<'CertificationRevoked', Review>;

export type CertificationEvent =
  | CertificationApplied
  | CertificationResubmitted
  | CertificationApproved
  | CertificationRejected
  | CertificationRevoked;

export const certificationStream = (userId: string, kind: CertificationKind): string => `Certification-${userId}-${kind}`;
