import { deciderSpec } from '@kuaige/testkit';
import { TenancyRuleViolation } from './tenancy-rules';
import { usccClaim, type UsccClaimEvent } from './uscc-claim';

const at = '2026-12-01T08:00:00.000Z';
const holder = { uscc: '914403001922038216', enterpriseId: 'e1', at };
const claimed: UsccClaimEvent = { type: 'UsccClaimed', data: holder };
const released: UsccClaimEvent = { type: 'UsccReleased', data: holder };

describe('USCC claim', () => {
  const given = deciderSpec(usccClaim);
  it('gives a code to the first enterprise that claims it, and to no other', () => {
    given([]).when({ type: 'ClaimUscc', data: holder }).then([claimed]);
    given([claimed]).when({ type: 'ClaimUscc', data: holder }).then([]);
    given([claimed])
      .when({ type: 'ClaimUscc', data: { ...holder, enterpriseId: 'e2' } })
      .thenThrows(TenancyRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['uscc-taken', 'uscc']));
  });

  it('is released by its holder only, and may then be claimed by another', () => {
    given([claimed]).when({ type: 'ReleaseUscc', data: holder }).then([released]);
    given([claimed])
      .when({ type: 'ReleaseUscc', data: { ...holder, enterpriseId: 'e2' } })
      .then([]);
    given([claimed, released]).when({ type: 'ReleaseUscc', data: holder }).then([]);
    given([claimed, released])
      .when({ type: 'ClaimUscc', data: { ...holder, enterpriseId: 'e2' } })
      .then([{ type: 'UsccClaimed', data: { ...holder, enterpriseId: 'e2' } }]);
  });
});
