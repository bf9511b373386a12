import { eventLog } from '@kuaige/testkit';
import { projectionSpec } from '@kuaige/testkit/projections';
import { applicationOf, qualificationsProjection, verificationReviewsProjection, type CertificationReadEvent } from './certification.projections';

const user = '6f1c2a4e-93b1-4f55-8a43-0d7e1c2b9a10';
const jurisdiction = ['440305', '4403', '44', 'CN'];
const photos = [
  { side: 'front' as const, blobId: 'f', mediaType: 'image/jpeg', size: 10 },
  { side: 'back' as const, blobId: 'b', mediaType: 'image/png', size: 10 },
];
const realName = {
  userId: user,
  realNameEncrypted: 'enc:v1:k1:n',
  realNameMasked: '诸葛**',
  idNumberEncrypted: 'enc:v1:k1:i',
  idNumberIndex: 'IDX',
  idNumberMasked: '440305********1236',
  photos,
  countyCode: '440305',
  jurisdiction,
};
const materials = [{ type: 'qualification' as const, blobId: 'c', mediaType: 'application/pdf', size: 10 }];
const engineerApp = { userId: user, kind: 'engineer' as const, materials, skills: ['电梯'], years: 3, countyCode: '440305', jurisdiction };
const review = (opinion: string, at: string) => ({ reviewerNodeId: 'n-4403', opinion, at });
const rn = `RealNameVerification-${user}`;
const eng = `Certification-${user}-engineer`;

describe('certification read models', () => {
  it('reads the applicant and the kind from the stream id, user ids with dashes included', () => {
    expect(applicationOf(rn)).toEqual({ kind: 'real-name', userId: user });
    expect(applicationOf(`Certification-${user}-expert`)).toEqual({ kind: 'expert', userId: user });
  });

  it('verification_reviews: one row per application in its jurisdiction, masked, with its whole history', async () => {
    const log = eventLog<CertificationReadEvent>();
    await projectionSpec(verificationReviewsProjection)
      .given(
        log.record(rn, { type: 'RealNameVerificationSubmitted', data: { ...realName, at: 't0' } }),
        log.record(rn, { type: 'RealNameVerificationRejected', data: review('照片模糊', 't1') }),
        log.record(rn, { type: 'RealNameVerificationResubmitted', data: { ...realName, idNumberMasked: '110105********002X', at: 't2' } }),
        log.record(rn, { type: 'RealNameVerificationApproved', data: review('', 't3') }),
      )
      .then([
        {
          _id: `real-name-${user}`,
          scope: { tenants: [], regions: jurisdiction },
          kind: 'real-name',
          applicantId: user,
          countyCode: '440305',
          status: 'approved',
          realNameMasked: '诸葛**',
          idNumberMasked: '110105********002X',
          photos,
          submittedAt: 't2',
          reviewedAt: 't3',
          reviewerNodeId: 'n-4403',
          opinion: '',
          history: [
            { action: 'submitted', at: 't0', reviewerNodeId: null, opinion: null },
            { action: 'rejected', at: 't1', reviewerNodeId: 'n-4403', opinion: '照片模糊' },
            { action: 'resubmitted', at: 't2', reviewerNodeId: null, opinion: null },
            { action: 'approved', at: 't3', reviewerNodeId: 'n-4403', opinion: '' },
          ],
          updatedAt: 't3',
        },
      ]);
  });

  it('verification_reviews: a certification row carries its materials; never the encrypted values', async () => {
    const log = eventLog<CertificationReadEvent>();
    const rows = await projectionSpec(verificationReviewsProjection)
      .given(
        log.record(rn, { type: 'RealNameVerificationSubmitted', data: { ...realName, at: 't0' } }),
        log.record(eng, { type: 'CertificationApplied', data: { ...engineerApp, at: 't1' } }),
        log.record(eng, { type: 'CertificationApproved', data: review('ok', 't2') }),
        log.record(eng, { type: 'CertificationRevoked', data: review('吊销', 't3') }),
      )
      .rows();
    expect(rows.find((r) => r._id === `engineer-${user}`)).toEqual(
      expect.objectContaining({ kind: 'engineer', status: 'revoked', materials, skills: ['电梯'], years: 3, opinion: '吊销' }),
    );
    expect(JSON.stringify(rows)).not.toContain('enc:v1:');
    expect(JSON.stringify(rows)).not.toContain('IDX');
  });

  it('qualifications: one row per user; approval grants a role with its date, revocation takes it away', async () => {
    const log = eventLog<CertificationReadEvent>();
    const expert = `Certification-${user}-expert`;
    await projectionSpec(qualificationsProjection)
      .given(
        log.record(rn, { type: 'RealNameVerificationSubmitted', data: { ...realName, at: 't0' } }),
        log.record(rn, { type: 'RealNameVerificationApproved', data: review('', 't1') }),
        log.record(eng, { type: 'CertificationApplied', data: { ...engineerApp, at: 't2' } }),
        log.record(expert, { type: 'CertificationApplied', data: { ...engineerApp, kind: 'expert', at: 't2' } }),
        log.record(eng, { type: 'CertificationApproved', data: review('', 't3') }),
        log.record(expert, { type: 'CertificationApproved', data: review('', 't4') }),
        log.record(expert, { type: 'CertificationRevoked', data: review('吊销', 't5') }),
        log.record(expert, { type: 'CertificationResubmitted', data: { ...engineerApp, kind: 'expert', at: 't6' } }),
      )
      .then([
        {
          _id: user,
          scope: { tenants: [], regions: jurisdiction },
          realNameVerified: true,
          realNameVerifiedAt: 't1',
          engineer: true,
          engineerSince: 't3',
          expert: false,
          expertSince: null,
          statuses: { 'real-name': 'approved', engineer: 'approved', expert: 'pending-review' },
          updatedAt: 't6',
        },
      ]);
  });

  it('qualifications: a pending or rejected application grants nothing', async () => {
    const log = eventLog<CertificationReadEvent>();
    await projectionSpec(qualificationsProjection)
      .given(
        log.record(rn, { type: 'RealNameVerificationSubmitted', data: { ...realName, at: 't0' } }),
        log.record(rn, { type: 'RealNameVerificationRejected', data: review('照片模糊', 't1') }),
      )
      .thenRow(
        user,
        expect.objectContaining({ realNameVerified: false, realNameVerifiedAt: null, statuses: { 'real-name': 'rejected', engineer: 'none', expert: 'none' } }),
      );
  });
});
