import { deciderSpec } from '@kuaige/testkit';
import { SmsCodeRefused, SmsCodeTooSoon } from './identity.errors';
import { smsChallenge, type SmsChallengeEvent } from './sms-challenge';

const given = deciderSpec(smsChallenge);
const T0 = Date.parse('2026-11-21T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const issued = (minutes: number, codeHash = 'h1'): SmsChallengeEvent => ({
  type: 'SmsCodeIssued',
  data: { purpose: 'register', codeHash, expiresAt: at(minutes + 5), at: at(minutes) },
});
const issue = (minutes: number) => ({ type: 'IssueSmsCode', data: { purpose: 'register', codeHash: 'h', expiresAt: at(minutes + 5), at: at(minutes) } }) as const;
const verify = (minutes: number, codeHash = 'h1') => ({ type: 'VerifySmsCode', data: { purpose: 'register', codeHash, at: at(minutes) } }) as const;

describe('SMS challenge', () => {
  it('sends at most one code a minute and five an hour per number', () => {
    given([issued(0)]).when(issue(0.5)).thenThrows(SmsCodeTooSoon);
    given([issued(0)]).when(issue(1)).then([{ type: 'SmsCodeIssued', data: issue(1).data }]);
    given([0, 2, 4, 6, 8].map((m) => issued(m))).when(issue(30)).thenThrows(SmsCodeTooSoon);
    given([0, 2, 4, 6, 8].map((m) => issued(m))).when(issue(60)).then([{ type: 'SmsCodeIssued', data: issue(60).data }]);
  });

  it('consumes a right code once', () => {
    given([issued(0)]).when(verify(1)).then([{ type: 'SmsCodeConsumed', data: { purpose: 'register', at: at(1) } }]);
    given([issued(0), { type: 'SmsCodeConsumed', data: { purpose: 'register', at: at(1) } }]).when(verify(2)).thenThrows(SmsCodeRefused);
  });

  it('refuses an expired code, a code of another purpose, and a code after five wrong tries', () => {
    given([issued(0)]).when(verify(5)).thenThrows(SmsCodeRefused);
    given([issued(0)]).when({ type: 'VerifySmsCode', data: { purpose: 'reset-password', codeHash: 'h1', at: at(1) } }).thenThrows(SmsCodeRefused);
    const wrong: SmsChallengeEvent = { type: 'SmsCodeAttemptFailed', data: { purpose: 'register', at: at(1) } };
    given([issued(0)]).when(verify(1, 'bad')).then([wrong]);
    given([issued(0), wrong, wrong, wrong, wrong, wrong]).when(verify(2)).thenThrows(SmsCodeRefused);
  });

  it('replaces an earlier code with a newer one', () => {
    given([issued(0, 'old'), issued(1, 'new')]).when(verify(2, 'old')).then([{ type: 'SmsCodeAttemptFailed', data: { purpose: 'register', at: at(2) } }]);
  });
});
