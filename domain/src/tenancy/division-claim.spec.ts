import { deciderSpec } from '@kuaige/testkit';
import { divisionClaim, type DivisionClaimed } from './division-claim';
import { TenancyRuleViolation } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
const claimed: DivisionClaimed = { type: 'DivisionClaimed', data: { divisionCode: '4403', nodeId: 'n1', at } };

describe('Division claim', () => {
  const given = deciderSpec(divisionClaim);
  it('gives a division to the first node that claims it, and to no other', () => {
    given([]).when({ type: 'ClaimDivision', data: claimed.data }).then([claimed]);
    given([claimed]).when({ type: 'ClaimDivision', data: claimed.data }).then([]);
    given([claimed])
      .when({ type: 'ClaimDivision', data: { ...claimed.data, nodeId: 'n2' } })
      .thenThrows(TenancyRuleViolation, (e) => expect([e.rule, e.field]).toEqual(['division-taken', 'divisionCode']));
  });
});
