import {
  certification,
  CertificationRuleViolation,
  IllegalTransition,
  TenancyRuleViolation,
  type ApplyForCertification,
  type CertificationEvent,
} from '@kuaige/domain';
import { deciderSpec } from '@kuaige/testkit';
import { CERTIFICATION_RULES } from './certification-rules';

const at = '2026-12-01T08:00:00.000Z';
const later = '2026-12-08T08:00:00.000Z';
const materials = [
  { type: 'qualification' as const, blobId: 'cert-1', mediaType: 'application/pdf', size: 1_000_000 },
  { type: 'work-experience' as const, blobId: 'proof-1', mediaType: 'image/jpeg', size: 500_000 },
];
const apply = (change: Partial<ApplyForCertification['data']> = {}): ApplyForCertification => ({
  type: 'ApplyForCertification',
  data: {
    userId: 'u1',
    kind: 'engineer',
    materials,
    skills: [' 暖通空调 ', '电梯维保', '暖通空调'],
    years: 6,
    countyCode: '440305',
    realNameStatus: 'approved',
    at,
    ...change,
  },
});
const details = { userId: 'u1', kind: 'engineer' as const, materials, skills: ['暖通空调', '电梯维保'], years: 6, countyCode: '440305', jurisdiction: ['440305', '4403', '44', 'CN'], at };
const applied: CertificationEvent = { type: 'CertificationApplied', data: details };
const byCity = { reviewerNodeId: 'n-4403', reviewerDivisionCode: '4403', at: later };
const approved: CertificationEvent = { type: 'CertificationApproved', data: { reviewerNodeId: 'n-4403', opinion: '资料齐全', at: later } };
const rejected: CertificationEvent = { type: 'CertificationRejected', data: { reviewerNodeId: 'n-4403', opinion: '证书过期', at: later } };
const revoked: CertificationEvent = { type: 'CertificationRevoked', data: { reviewerNodeId: 'n-4403', opinion: '证书被吊销', at: later } };
const violates = (rule: string, field: string) => (e: CertificationRuleViolation | TenancyRuleViolation) => {
  expect(e.rule).toBe(rule);
  expect(e.field).toBe(field);
};

describe('Certification (engineer, expert)', () => {
  const decider = certification(CERTIFICATION_RULES);
  const given = deciderSpec(decider);

  it('is applied for with materials, fields of expertise and years, after real-name verification', () => {
    given([]).when(apply()).then([applied]);
    expect(given([]).when(apply({ kind: 'expert' })).events()).toEqual([{ type: 'CertificationApplied', data: { ...details, kind: 'expert' } }]);
    for (const realNameStatus of ['none', 'pending-review', 'rejected'] as const)
      for (const kind of ['engineer', 'expert'] as const)
        given([])
          .when(apply({ kind, realNameStatus }))
          .thenThrows(CertificationRuleViolation, violates('real-name-required', 'kind'));
  });

  it('checks the materials: 1 to 20, PDF, JPEG or PNG of at most 10 MB, of a known type', () => {
    given([])
      .when(apply({ materials: [] }))
      .thenThrows(CertificationRuleViolation, violates('materials', 'materials'));
    given([])
      .when(apply({ materials: Array.from({ length: 21 }, () => materials[0]!) }))
      .thenThrows(CertificationRuleViolation, violates('materials', 'materials'));
    given([])
      .when(apply({ materials: [materials[0]!, { ...materials[1]!, mediaType: 'image/gif' }] }))
      .thenThrows(CertificationRuleViolation, violates('media-type', 'materials.1.mediaType'));
    given([])
      .when(apply({ materials: [{ ...materials[0]!, size: 10 * 1024 * 1024 + 1 }] }))
      .thenThrows(CertificationRuleViolation, violates('file-size', 'materials.0.size'));
    given([])
      .when(apply({ materials: [{ ...materials[0]!, type: 'diploma' as never }] }))
      .thenThrows(CertificationRuleViolation, violates('material-type', 'materials.0.type'));
  });

  it('checks the fields of expertise, the years and the county', () => {
    for (const skills of [[], [' '], ['x'.repeat(41)], Array.from({ length: 21 }, (_, i) => `s${i}`)])
      given([])
        .when(apply({ skills }))
        .thenThrows(CertificationRuleViolation, violates('skills', 'skills'));
    for (const years of [-1, 71, 2.5])
      given([])
        .when(apply({ years }))
        .thenThrows(CertificationRuleViolation, violates('years', 'years'));
    given([])
      .when(apply({ countyCode: '44' }))
      .thenThrows(CertificationRuleViolation, violates('county-code', 'countyCode'));
  });

  it('is reviewed by the operator of the county’s city only; a rejection says why', () => {
    given([applied]).when({ type: 'ApproveCertification', data: { ...byCity, opinion: ' 资料齐全 ' } }).then([approved]);
    given([applied]).when({ type: 'RejectCertification', data: { ...byCity, opinion: '证书过期' } }).then([rejected]);
    given([applied])
      .when({ type: 'RejectCertification', data: { ...byCity, opinion: '' } })
      .thenThrows(CertificationRuleViolation, violates('opinion-required', 'opinion'));
    for (const reviewerDivisionCode of ['440305', '44', 'CN', '1101'])
      given([applied])
        .when({ type: 'ApproveCertification', data: { ...byCity, reviewerDivisionCode } })
        .thenThrows(TenancyRuleViolation, violates('reviewer-jurisdiction', 'reviewerNodeId'));
  });

  it('is applied for again after a rejection or a revocation, but not while pending or held', () => {
    given([applied, rejected]).when(apply()).then([{ type: 'CertificationResubmitted', data: details }]);
    given([applied, approved, revoked]).when(apply()).then([{ type: 'CertificationResubmitted', data: details }]);
    given([applied])
      .when(apply())
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('pending-review'));
    given([applied, approved])
      .when(apply())
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('approved'));
  });

  it('is revoked, with a reason, only while held', () => {
    given([applied, approved]).when({ type: 'RevokeCertification', data: { ...byCity, opinion: '证书被吊销' } }).then([revoked]);
    given([applied])
      .when({ type: 'RevokeCertification', data: { ...byCity, opinion: '证书被吊销' } })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('pending-review'));
    given([applied, approved])
      .when({ type: 'RevokeCertification', data: { ...byCity, opinion: ' ' } })
      .thenThrows(CertificationRuleViolation, violates('opinion-required', 'opinion'));
    given([])
      .when({ type: 'ApproveCertification', data: byCity })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('none'));
  });

  it('keeps its history and the date of the current approval', () => {
    const state = [applied, approved, revoked].reduce(decider.evolve, decider.initialState());
    expect(state).toEqual(
      expect.objectContaining({
        status: 'revoked',
        approvedAt: null,
        history: [
          { action: 'submitted', at, reviewerNodeId: null, opinion: null },
          { action: 'approved', at: later, reviewerNodeId: 'n-4403', opinion: '资料齐全' },
          { action: 'revoked', at: later, reviewerNodeId: 'n-4403', opinion: '证书被吊销' },
        ],
      }),
    );
    expect([applied, approved].reduce(decider.evolve, decider.initialState())).toEqual(expect.objectContaining({ approvedAt: later }));
  });
});
