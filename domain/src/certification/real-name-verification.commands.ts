import type { Command } from '../event-sourcing/decider';
import type { IdPhoto } from './real-name-verification.events';
import type { ReviewBy } from './verification';

// ---- Commands of a real-name verification. Time always comes in the command (`at`, ISO 8601). ----

/** What the handler sealed before the command: the encryption is bound to the user, the index keyed. */
export type SealedRealName = { realNameEncrypted: string; idNumberEncrypted: string; idNumberIndex: string };

export type SubmitRealNameVerification = Command<
  'SubmitRealNameVerification',
  {
    userId: string;
    /** Plain values, for the decider to check and mask; only `sealed` and the masks are recorded. */
    realName: string;
    idNumber: string;
    sealed: SealedRealName;
    photos: readonly IdPhoto[];
    countyCode: string;
    /** The account that verified this ID number already, as the caller read it from its claim; null if none. */
    idNumberHolder: string | null;
    at: string;
  }
>;
export type ApproveRealNameVerification = Command<'ApproveRealNameVerification', ReviewBy & { opinion?: string }>;
export type RejectRealNameVerification = Command<'RejectRealNameVerification', ReviewBy & { opinion: string }>;

export type RealNameVerificationCommand = SubmitRealNameVerification | ApproveRealNameVerification | RejectRealNameVerification;
