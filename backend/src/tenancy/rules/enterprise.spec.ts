import {
  enterprise,
  IllegalTransition,
  TenancyRuleViolation,
  type EnterpriseEvent,
  type RegisterEnterprise,
  type ResubmitEnterprise,
} from '@kuaige/domain';
import { deciderSpec } from '@kuaige/testkit';
import { TENANCY_RULES } from './tenancy-rules';

const at = '2026-12-01T08:00:00.000Z';
// Published codes (tenancy/src/enterprises/uscc.spec.ts): Huawei; its last character changed fails the check.
const USCC = '914403001922038216';
const submission = {
  type: 'service-provider' as const,
  name: '深圳快修服务有限公司',
  uscc: USCC,
  address: { countyCode: '440305', line: '南山区科技园 1 号' },
  licence: { blobId: 'blob-1', mediaType: 'application/pdf', size: 2_000_000 },
};
const register: RegisterEnterprise = {
  type: 'RegisterEnterprise',
  data: { enterpriseId: 'e1', ...submission, parentEnterpriseId: null, parentEnterpriseStatus: null, registrantUserId: 'u1', at },
};
const registered: EnterpriseEvent = {
  type: 'EnterpriseRegistered',
  data: {
    enterpriseId: 'e1',
    ...submission,
    jurisdiction: ['440305', '4403', '44', 'CN'],
    parentEnterpriseId: null,
    registrantUserId: 'u1',
    at,
  },
};
const withSubmission = (change: Partial<RegisterEnterprise['data']>): RegisterEnterprise => ({
  ...register,
  data: { ...register.data, ...change },
});
const violates = (rule: string, field: string) => (e: TenancyRuleViolation) => {
  expect(e.rule).toBe(rule);
  expect(e.field).toBe(field);
};
const byCity = { reviewerNodeId: 'n-4403', reviewerDivisionCode: '4403', at };
const rejected: EnterpriseEvent = { type: 'EnterpriseRejected', data: { reviewerNodeId: 'n-4403', opinion: '执照模糊', at } };
const approved: EnterpriseEvent = { type: 'EnterpriseApproved', data: { reviewerNodeId: 'n-4403', opinion: '', at } };

describe('Enterprise', () => {
  const given = deciderSpec(enterprise(TENANCY_RULES));

  it('is registered pending review, its jurisdiction fixed by the county of its address', () => {
    given([]).when(register).then([registered]);
  });

  it('is registered as a sub-enterprise of a parent, which may be in another jurisdiction', () => {
    const sub = withSubmission({ enterpriseId: 'e2', parentEnterpriseId: 'e-beijing', parentEnterpriseStatus: 'approved' });
    expect(
      given([])
        .when(withSubmission({ enterpriseId: 'e2', parentEnterpriseId: 'e-beijing', parentEnterpriseStatus: 'pending-review' }))
        .events(),
    ).toHaveLength(1);
    given([])
      .when(withSubmission({ enterpriseId: 'e2', parentEnterpriseId: 'e-none', parentEnterpriseStatus: 'unregistered' }))
      .thenThrows(TenancyRuleViolation, violates('parent-enterprise-unknown', 'parentEnterpriseId'));
    expect(given([]).when(sub).events()[0]!.data).toEqual(
      expect.objectContaining({ parentEnterpriseId: 'e-beijing', jurisdiction: ['440305', '4403', '44', 'CN'] }),
    );
    given([])
      .when(withSubmission({ parentEnterpriseId: 'e1', parentEnterpriseStatus: 'unregistered' }))
      .thenThrows(TenancyRuleViolation, violates('parent-enterprise', 'parentEnterpriseId'));
  });

  it('refuses a unified social credit code that fails GB 32100, naming the check that failed', () => {
    given([])
      .when(withSubmission({ uscc: '914403001922038217' }))
      .thenThrows(TenancyRuleViolation, violates('uscc-check', 'uscc'));
    given([])
      .when(withSubmission({ uscc: '91440300192203821' }))
      .thenThrows(TenancyRuleViolation, violates('uscc-length', 'uscc'));
    given([])
      .when(withSubmission({ uscc: '91440300192203821I' }))
      .thenThrows(TenancyRuleViolation, violates('uscc-alphabet', 'uscc'));
  });

  it('needs a county code in the address, a name and an address line', () => {
    for (const countyCode of ['4403', '44', 'CN'])
      given([])
        .when(withSubmission({ address: { countyCode, line: 'x' } }))
        .thenThrows(TenancyRuleViolation, violates('county-code', 'address.countyCode'));
    given([])
      .when(withSubmission({ address: { countyCode: '4403x5', line: 'x' } }))
      .thenThrows(TenancyRuleViolation, violates('division-code', 'address.countyCode'));
    given([])
      .when(withSubmission({ address: { countyCode: '440399', line: 'x' } }))
      .thenThrows(TenancyRuleViolation, violates('division-unknown', 'address.countyCode'));
    given([])
      .when(withSubmission({ name: ' ' }))
      .thenThrows(TenancyRuleViolation, violates('required', 'name'));
    given([])
      .when(withSubmission({ address: { countyCode: '440305', line: '' } }))
      .thenThrows(TenancyRuleViolation, violates('required', 'address.line'));
  });

  it('takes a PDF, JPEG or PNG licence of at most 10 MB', () => {
    for (const mediaType of ['image/jpeg', 'image/png'])
      expect(
        given([])
          .when(withSubmission({ licence: { blobId: 'b', mediaType, size: 1 } }))
          .events(),
      ).toHaveLength(1);
    expect(
      given([])
        .when(withSubmission({ licence: { blobId: 'b', mediaType: 'image/png', size: 10 * 1024 * 1024 } }))
        .events(),
    ).toHaveLength(1);
    given([])
      .when(withSubmission({ licence: { blobId: 'b', mediaType: 'image/gif', size: 1 } }))
      .thenThrows(TenancyRuleViolation, violates('licence-media-type', 'licence.mediaType'));
    for (const size of [0, 10 * 1024 * 1024 + 1, 1.5])
      given([])
        .when(withSubmission({ licence: { blobId: 'b', mediaType: 'application/pdf', size } }))
        .thenThrows(TenancyRuleViolation, violates('licence-size', 'licence.size'));
  });

  it('is registered once', () => {
    given([registered])
      .when(register)
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('pending-review'));
  });

  it('is approved or rejected by the operator of its city only', () => {
    given([registered]).when({ type: 'ApproveEnterprise', data: byCity }).then([approved]);
    given([registered])
      .when({ type: 'RejectEnterprise', data: { ...byCity, opinion: ' 执照模糊 ' } })
      .then([rejected]);
    for (const reviewerDivisionCode of ['440305', '44', 'CN', '4401'])
      given([registered])
        .when({ type: 'ApproveEnterprise', data: { ...byCity, reviewerDivisionCode } })
        .thenThrows(TenancyRuleViolation, violates('reviewer-jurisdiction', 'reviewerNodeId'));
    given([registered])
      .when({ type: 'RejectEnterprise', data: { ...byCity, reviewerDivisionCode: '4401', opinion: 'x' } })
      .thenThrows(TenancyRuleViolation, violates('reviewer-jurisdiction', 'reviewerNodeId'));
  });

  it('is not rejected without an opinion', () => {
    given([registered])
      .when({ type: 'RejectEnterprise', data: { ...byCity, opinion: '  ' } })
      .thenThrows(TenancyRuleViolation, violates('opinion-required', 'opinion'));
  });

  it('is reviewed only while pending review', () => {
    for (const [history, state] of [
      [[], 'unregistered'],
      [[registered, approved], 'approved'],
      [[registered, rejected], 'rejected'],
    ] as const) {
      given(history)
        .when({ type: 'ApproveEnterprise', data: byCity })
        .thenThrows(IllegalTransition, (e) => expect(e.state).toBe(state));
      given(history)
        .when({ type: 'RejectEnterprise', data: { ...byCity, opinion: 'x' } })
        .thenThrows(IllegalTransition, (e) => expect(e.state).toBe(state));
    }
  });

  const resubmit: ResubmitEnterprise = {
    type: 'ResubmitEnterprise',
    data: { ...submission, address: { countyCode: '440106', line: '天河路 2 号' }, at },
  };

  it('is resubmitted after a rejection, checked again, and its jurisdiction follows the new county', () => {
    given([registered, rejected])
      .when(resubmit)
      .then([{ type: 'EnterpriseResubmitted', data: { ...resubmit.data, jurisdiction: ['440106', '4401', '44', 'CN'] } }]);
    given([registered, rejected])
      .when({ ...resubmit, data: { ...resubmit.data, uscc: '914403001922038217' } })
      .thenThrows(TenancyRuleViolation, violates('uscc-check', 'uscc'));
    // After the move the review belongs to the new city's operator.
    const resubmitted: EnterpriseEvent = {
      type: 'EnterpriseResubmitted',
      data: { ...resubmit.data, jurisdiction: ['440106', '4401', '44', 'CN'] },
    };
    given([registered, rejected, resubmitted])
      .when({ type: 'ApproveEnterprise', data: byCity })
      .thenThrows(TenancyRuleViolation, violates('reviewer-jurisdiction', 'reviewerNodeId'));
    expect(
      given([registered, rejected, resubmitted])
        .when({ type: 'ApproveEnterprise', data: { ...byCity, reviewerDivisionCode: '4401' } })
        .events(),
    ).toHaveLength(1);
  });

  it('is resubmitted only after a rejection', () => {
    for (const [history, state] of [
      [[], 'unregistered'],
      [[registered], 'pending-review'],
      [[registered, approved], 'approved'],
    ] as const)
      given(history)
        .when(resubmit)
        .thenThrows(IllegalTransition, (e) => expect(e.state).toBe(state));
  });
});
