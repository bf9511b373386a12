import type { Command, Decider } from '../event-sourcing/decider';
import type { DomainEvent } from '../event-sourcing/event';
import { SmsCodeRefused, SmsCodeTooSoon } from './identity.errors';

// ---- Events (stream `SmsChallenge-<mobile blind index>`) -------------------------------------------
// Codes are stored as keyed hashes only; the plain code exists in the SMS and nowhere else.

export type SmsCodePurpose = 'register' | 'reset-password' | 'change-phone';

export type SmsCodeIssued = DomainEvent<'SmsCodeIssued', { purpose: SmsCodePurpose; codeHash: string; expiresAt: string; at: string }>;
export type SmsCodeAttemptFailed = DomainEvent<'SmsCodeAttemptFailed', { purpose: SmsCodePurpose; at: string }>;
export type SmsCodeConsumed = DomainEvent<'SmsCodeConsumed', { purpose: SmsCodePurpose; at: string }>;
export type SmsChallengeEvent = SmsCodeIssued | SmsCodeAttemptFailed | SmsCodeConsumed;

export const smsChallengeStream = (mobileIndex: string): string => `SmsChallenge-${mobileIndex}`;

// ---- Commands --------------------------------------------------------------------------------------

export type IssueSmsCode = Command<'IssueSmsCode', { purpose: SmsCodePurpose; codeHash: string; expiresAt: string; at: string }>;
export type VerifySmsCode = Command<'VerifySmsCode', { purpose: SmsCodePurpose; codeHash: string; at: string }>;
export type SmsChallengeCommand = IssueSmsCode | VerifySmsCode;

// ---- State and rules ---------------------------------------------------------------------------------

/** One code a minute and five an hour per number (SMS costs money and can be used to harass). */
export const SMS_CODE_POLICY = Object.freeze({ minIntervalMs: 60_000, perHour: 5, maxAttempts: 5 });

interface OutstandingCode {
  readonly codeHash: string;
  readonly expiresAt: string;
  readonly failedAttempts: number;
  readonly used: boolean;
}

export interface SmsChallengeState {
  /** Epoch ms of the codes sent, newest last (at most perHour). */
  readonly sentAt: readonly number[];
  /** The latest code of each purpose: sending a new one replaces the old. */
  readonly codes: Readonly<Partial<Record<SmsCodePurpose, OutstandingCode>>>;
}

const HOUR_MS = 3_600_000;

const retryAfterMs = (s: SmsChallengeState, now: number): number => {
  const last = s.sentAt[s.sentAt.length - 1];
  const tooSoon = last === undefined ? 0 : last + SMS_CODE_POLICY.minIntervalMs - now;
  const inHour = s.sentAt.filter((t) => now - t < HOUR_MS);
  const hourFull = inHour.length >= SMS_CODE_POLICY.perHour ? inHour[0]! + HOUR_MS - now : 0;
  return Math.max(tooSoon, hourFull, 0);
};

const decide = (command: SmsChallengeCommand, state: SmsChallengeState): SmsChallengeEvent[] => {
  const { purpose, at } = command.data;
  const now = Date.parse(at);
  switch (command.type) {
    case 'IssueSmsCode': {
      const wait = retryAfterMs(state, now);
      if (wait > 0) throw new SmsCodeTooSoon(Math.ceil(wait / 1000));
      return [{ type: 'SmsCodeIssued', data: command.data }];
    }
    case 'VerifySmsCode': {
      const code = state.codes[purpose];
      const usable = code && !code.used && code.failedAttempts < SMS_CODE_POLICY.maxAttempts && now < Date.parse(code.expiresAt);
      if (!usable) throw new SmsCodeRefused();
      // Hashes are keyed HMACs of equal length: comparing them says nothing about the code.
      if (code.codeHash !== command.data.codeHash) return [{ type: 'SmsCodeAttemptFailed', data: { purpose, at } }];
      return [{ type: 'SmsCodeConsumed', data: { purpose, at } }];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
};

const evolve = (state: SmsChallengeState, event: SmsChallengeEvent): SmsChallengeState => {
  const { purpose } = event.data;
  const code = state.codes[purpose];
  switch (event.type) {
    case 'SmsCodeIssued': {
      const { codeHash, expiresAt, at } = event.data;
      return {
        sentAt: [...state.sentAt, Date.parse(at)].slice(-SMS_CODE_POLICY.perHour),
        codes: { ...state.codes, [purpose]: { codeHash, expiresAt, failedAttempts: 0, used: false } },
      };
    }
    case 'SmsCodeAttemptFailed':
      return code ? { ...state, codes: { ...state.codes, [purpose]: { ...code, failedAttempts: code.failedAttempts + 1 } } } : state;
    case 'SmsCodeConsumed':
      return code ? { ...state, codes: { ...state.codes, [purpose]: { ...code, used: true } } } : state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};

/** SMS verification codes of one mobile number: sending limits, expiry, single use, attempt limit. */
export const smsChallenge: Decider<SmsChallengeCommand, SmsChallengeEvent, SmsChallengeState> = {
  initialState: () => ({ sentAt: [], codes: {} }),
  decide,
  evolve,
};
