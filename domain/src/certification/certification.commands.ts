import type { Command } from '../event-sourcing/decider';
import type { CertificationKind, Material } from './certification.events';
import type { ApplicationStatus, ReviewBy } from './verification';

// ---- Commands of a certification. Time always comes in the command (`at`, ISO 8601). ------------

export type ApplyForCertification = Command<
  'ApplyForCertification',
  {
    userId: string;
    kind: CertificationKind;
    materials: readonly Material[];
    skills: readonly string[];
    years: number;
    countyCode: string;
    /** The applicant's real-name verification as the caller read it from its stream. */
    realNameStatus: ApplicationStatus;
    at: string;
  }
>;
export type ApproveCertification = Command<'ApproveCertification', ReviewBy & { opinion?: string }>;
export type RejectCertification = Command<'RejectCertification', ReviewBy & { opinion: string }>;
export type RevokeCertification = Command<'RevokeCertification', ReviewBy & { opinion: string }>;

export type CertificationCommand = ApplyForCertification | ApproveCertification | RejectCertification | RevokeCertification;
