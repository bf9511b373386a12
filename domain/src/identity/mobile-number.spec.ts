import { deciderSpec } from '@kuaige/testkit';
import { MobileNumberTaken } from './identity.errors';
import { loginAttempts } from './login-attempts';
import { mobileNumber } from './mobile-number';

const at = '2026-11-21T08:00:00.000Z';

describe('Mobile number claim', () => {
  const given = deciderSpec(mobileNumber);
  it('belongs to the first account that claims it', () => {
    given([]).when({ type: 'ClaimMobileNumber', data: { userId: 'u1', at } }).then([{ type: 'MobileNumberClaimed', data: { userId: 'u1', at } }]);
    given([{ type: 'MobileNumberClaimed', data: { userId: 'u1', at } }]).when({ type: 'ClaimMobileNumber', data: { userId: 'u2', at } }).thenThrows(MobileNumberTaken);
    given([{ type: 'MobileNumberClaimed', data: { userId: 'u1', at } }]).when({ type: 'ClaimMobileNumber', data: { userId: 'u1', at } }).then([]);
  });

  it('is free again once its holder releases it, and only the holder can', () => {
    const claimed = { type: 'MobileNumberClaimed', data: { userId: 'u1', at } } as const;
    given([claimed]).when({ type: 'ReleaseMobileNumber', data: { userId: 'u2', at } }).then([]);
    given([claimed]).when({ type: 'ReleaseMobileNumber', data: { userId: 'u1', at } }).then([{ type: 'MobileNumberReleased', data: { userId: 'u1', at } }]);
    given([claimed, { type: 'MobileNumberReleased', data: { userId: 'u1', at } }])
      .when({ type: 'ClaimMobileNumber', data: { userId: 'u2', at } })
      .then([{ type: 'MobileNumberClaimed', data: { userId: 'u2', at } }]);
  });
});

describe('Sign-in attempts on an unknown number', () => {
  const given = deciderSpec(loginAttempts);
  const minute = (m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();
  const attempt = (m: number) => ({ type: 'RecordUnknownLogin', data: { at: minute(m), ip: '1.2.3.4', userAgent: 'x' } }) as const;
  const failed = (m: number) => ({ type: 'LoginFailed', data: { at: minute(m), ip: '1.2.3.4', userAgent: 'x', reason: 'unknown-account' } }) as const;

  it('locks out like an account does, so that lockouts do not reveal which numbers exist', () => {
    given([failed(0), failed(1), failed(2), failed(3)])
      .when(attempt(4))
      .then([failed(4), { type: 'AccountLockedOut', data: { at: minute(4), until: minute(19), lockouts: 1 } }]);
  });
});
