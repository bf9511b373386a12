import { deciderSpec } from '@kuaige/testkit';
import { MobileNumberTaken } from './identity.errors';
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
