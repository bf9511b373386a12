import {
  CertificationRuleViolation,
  IllegalTransition,
  realNameVerification,
  residentIdClaim,
  TenancyRuleViolation,
  type RealNameVerificationEvent,
  type SubmitRealNameVerification,
} from '@kuaige/domain';
import { deciderSpec } from '@kuaige/testkit';
import { CERTIFICATION_RULES, checkResidentId } from './certification-rules';

const at = '2026-12-01T08:00:00.000Z';
const ID = '440305199003071236';
const sealed = { realNameEncrypted: 'enc:v1:k1:name', idNumberEncrypted: 'enc:v1:k1:id', idNumberIndex: 'IDX' };
const photos = [
  { side: 'front' as const, blobId: 'blob-front', mediaType: 'image/jpeg', size: 300_000 },
  { side: 'back' as const, blobId: 'blob-back', mediaType: 'image/png', size: 200_000 },
];
const submit = (change: Partial<SubmitRealNameVerification['data']> = {}): SubmitRealNameVerification => ({
  type: 'SubmitRealNameVerification',
  data: { userId: 'u1', realName: ' 诸葛孔明 ', idNumber: ID, sealed, photos, countyCode: '440305', idNumberHolder: null, at, ...change },
});
const details = {
  userId: 'u1',
  ...sealed,
  realNameMasked: '诸葛**',
  idNumberMasked: '440305********1236',
  photos,
  countyCode: '440305',
  jurisdiction: ['440305', '4403', '44', 'CN'],
  at,
};
const submitted: RealNameVerificationEvent = { type: 'RealNameVerificationSubmitted', data: details };
const byCity = { reviewerNodeId: 'n-4403', reviewerDivisionCode: '4403', at };
const approved: RealNameVerificationEvent = { type: 'RealNameVerificationApproved', data: { reviewerNodeId: 'n-4403', opinion: '', at } };
const rejected: RealNameVerificationEvent = { type: 'RealNameVerificationRejected', data: { reviewerNodeId: 'n-4403', opinion: '照片模糊', at } };
const violates = (rule: string, field: string) => (e: CertificationRuleViolation | TenancyRuleViolation) => {
  expect(e.rule).toBe(rule);
  expect(e.field).toBe(field);
};

describe('Real-name verification', () => {
  const decider = realNameVerification(CERTIFICATION_RULES);
  const given = deciderSpec(decider);

  it('is submitted with the sealed name and ID number and their masks, in the jurisdiction of the county', () => {
    given([]).when(submit()).then([submitted]);
    // A lower-case x check character is the same number.
    expect(given([]).when(submit({ idNumber: '11010519491231002x' })).events()[0]!.data).toEqual(
      expect.objectContaining({ idNumberMasked: '110105********002X' }),
    );
  });

  it('is refused when another account was verified with the ID number; the same account may resubmit it', () => {
    given([])
      .when(submit({ idNumberHolder: 'u2' }))
      .thenThrows(CertificationRuleViolation, violates('id-number-taken', 'idNumber'));
    given([submitted, rejected])
      .when(submit({ idNumberHolder: 'u1' }))
      .then([{ type: 'RealNameVerificationResubmitted', data: details }]);
  });

  it('records neither the plain name nor the plain ID number', () => {
    const text = JSON.stringify(given([]).when(submit()).events());
    expect(text).not.toContain(ID);
    expect(text).not.toContain('孔明');
  });

  it('refuses an ID number that fails GB 11643, naming the check', () => {
    for (const [idNumber, rule] of [
      ['44030519900307123', 'id-number-format'],
      ['04030519900307123X', 'id-number-format'],
      ['440305199003071235', 'id-number-check-character'],
      ['440305199002301239', 'id-number-birth-date'], // 30 February
      ['440305202701011235', 'id-number-birth-date'], // born after the submission
      ['990305199003071233', 'id-number-region'],
    ] as const)
      given([])
        .when(submit({ idNumber }))
        .thenThrows(CertificationRuleViolation, violates(rule, 'idNumber'));
    // 1 January 1900 is the first birth date the range takes.
    expect(given([]).when(submit({ idNumber: '440305190001011239' })).events()).toHaveLength(1);
  });

  it('needs a real name, a county code and one photo of each side of the card', () => {
    for (const realName of ['张', ' ', '张3', 'x'.repeat(41)])
      given([])
        .when(submit({ realName }))
        .thenThrows(CertificationRuleViolation, violates('real-name', 'realName'));
    expect(given([]).when(submit({ realName: '阿依古丽·买买提' })).events()).toHaveLength(1);
    given([])
      .when(submit({ countyCode: '4403' }))
      .thenThrows(CertificationRuleViolation, violates('county-code', 'countyCode'));
    given([])
      .when(submit({ countyCode: '440399' }))
      .thenThrows(CertificationRuleViolation, violates('division-unknown', 'countyCode'));
    given([])
      .when(submit({ countyCode: '44x305' }))
      .thenThrows(CertificationRuleViolation, violates('division-code', 'countyCode'));
    for (const bad of [[photos[0]!], [photos[0]!, photos[0]!], [...photos, photos[1]!]])
      given([])
        .when(submit({ photos: bad }))
        .thenThrows(CertificationRuleViolation, violates('id-photos', 'photos'));
  });

  it('takes JPEG or PNG photos of at most 10 MB', () => {
    given([])
      .when(submit({ photos: [photos[0]!, { ...photos[1]!, mediaType: 'application/pdf' }] }))
      .thenThrows(CertificationRuleViolation, violates('media-type', 'photos.1.mediaType'));
    for (const size of [0, 10 * 1024 * 1024 + 1, 1.5])
      given([])
        .when(submit({ photos: [{ ...photos[0]!, size }, photos[1]!] }))
        .thenThrows(CertificationRuleViolation, violates('file-size', 'photos.0.size'));
    expect(given([]).when(submit({ photos: [{ ...photos[0]!, size: 10 * 1024 * 1024 }, photos[1]!] })).events()).toHaveLength(1);
    given([])
      .when(submit({ photos: [{ ...photos[0]!, blobId: '../etc/passwd' }, photos[1]!] }))
      .thenThrows(CertificationRuleViolation, violates('blob-id', 'photos.0.blobId'));
  });

  it('is reviewed by the operator of the county’s city only', () => {
    given([submitted]).when({ type: 'ApproveRealNameVerification', data: byCity }).then([approved]);
    for (const reviewerDivisionCode of ['440305', '44', 'CN', '4401', ''])
      given([submitted])
        .when({ type: 'ApproveRealNameVerification', data: { ...byCity, reviewerDivisionCode } })
        .thenThrows(TenancyRuleViolation, violates('reviewer-jurisdiction', 'reviewerNodeId'));
  });

  it('is rejected only with an opinion, then resubmitted; one application at a time', () => {
    given([submitted]).when({ type: 'RejectRealNameVerification', data: { ...byCity, opinion: ' 照片模糊 ' } }).then([rejected]);
    given([submitted])
      .when({ type: 'RejectRealNameVerification', data: { ...byCity, opinion: '  ' } })
      .thenThrows(CertificationRuleViolation, violates('opinion-required', 'opinion'));
    given([submitted, rejected])
      .when(submit())
      .then([{ type: 'RealNameVerificationResubmitted', data: details }]);
    given([submitted])
      .when(submit())
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('pending-review'));
    given([submitted, approved])
      .when(submit())
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('approved'));
    given([])
      .when({ type: 'ApproveRealNameVerification', data: byCity })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('none'));
    given([submitted, approved])
      .when({ type: 'RejectRealNameVerification', data: { ...byCity, opinion: 'x' } })
      .thenThrows(IllegalTransition, (e) => expect(e.state).toBe('approved'));
  });

  it('keeps every submission and review in its history', () => {
    const resubmitted: RealNameVerificationEvent = { type: 'RealNameVerificationResubmitted', data: { ...details, at: 't3' } };
    const state = [submitted, rejected, resubmitted, approved].reduce(decider.evolve, decider.initialState());
    expect(state.status).toBe('approved');
    expect(state.history).toEqual([
      { action: 'submitted', at, reviewerNodeId: null, opinion: null },
      { action: 'rejected', at, reviewerNodeId: 'n-4403', opinion: '照片模糊' },
      { action: 'resubmitted', at: 't3', reviewerNodeId: null, opinion: null },
      { action: 'approved', at, reviewerNodeId: 'n-4403', opinion: '' },
    ]);
  });
});

describe('ResidentIdClaim', () => {
  const given = deciderSpec(residentIdClaim);
  const claim = (userId: string) => ({ type: 'ClaimResidentId' as const, data: { idNumberIndex: 'IDX', userId, at } });
  const claimed = { type: 'ResidentIdClaimed' as const, data: { idNumberIndex: 'IDX', userId: 'u1', at } };

  it('holds an ID number for the first account verified with it', () => {
    given([]).when(claim('u1')).then([claimed]);
    given([claimed]).when(claim('u1')).then([]);
    given([claimed])
      .when(claim('u2'))
      .thenThrows(CertificationRuleViolation, violates('id-number-taken', 'idNumber'));
  });
});

describe('checkResidentId', () => {
  it('accepts the canonical upper-case form and counts the birth date in China time', () => {
    expect(checkResidentId(' 11010519491231002x ', at)).toEqual({ valid: true, idNumber: '11010519491231002X' });
    // Born 2026-12-02 in China, which is already that day at 16:00 UTC on the 1st, not at 15:59.
    const born = '4403052026120212';
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const first17 = `${born}3`;
    const id = first17 + '10X98765432'[W.reduce((a, w, i) => a + w * Number(first17[i]), 0) % 11];
    expect(checkResidentId(id, '2026-12-01T16:00:00.000Z').valid).toBe(true);
    expect(checkResidentId(id, '2026-12-01T15:59:59.000Z')).toEqual(expect.objectContaining({ valid: false, rule: 'birth-date' }));
  });
});
