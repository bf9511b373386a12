// The certification command side as Nest wires it: the module's handlers on the real CommandBus, the
// event-sourcing module's AggregateStreams over the embedded event store, tenancy's operator nodes,
// and the read side projecting the review queue and the qualifications.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  certificationStream,
  CertificationRuleViolation,
  IllegalTransition,
  realNameVerificationStream,
  residentIdClaimStream,
  TenancyRuleViolation,
} from '@kuaige/domain';
import { type EventStore } from '@kuaige/eventsourcing';
import { publicRow, type ReadModelStore } from '@kuaige/projections';
import { jpegFile, pdfFile, pngFile } from '../blobs/testing/files';
import { UploadBlob } from '../blobs/blobs.commands';
import { BlobsModule } from '../blobs/blobs.module';
import { loadConfig } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { ClientCommand } from '../event-sourcing/client-command';
import { EventSourcingModule } from '../event-sourcing/event-sourcing.module';
import { PROJECTIONS, READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../event-sourcing/read-side';
import { PlatformModule } from '../platform/platform.module';
import { CreateOperatorNode } from '../tenancy/application/operator-node.commands';
import { TENANCY_PROJECTIONS } from '../tenancy/read-models/tenancy.projections';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ApplyForCertification, ApproveCertification, RejectCertification, RevokeCertification } from './application/certification.commands';
import { ApproveRealNameVerification, RejectRealNameVerification, SubmitRealNameVerification } from './application/real-name.commands';
import { CertificationModule } from './certification.module';
import { CERTIFICATION_PROJECTIONS } from './read-models/certification.projections';

const at = '2026-12-01T08:00:00.000Z';
const context = (userId: string, commandId?: string) => ({ actor: { userId }, tenantIds: [], jurisdiction: [], ...(commandId ? { commandId } : {}) });
const sealed = { realNameEncrypted: 'enc:v1:k1:n', idNumberEncrypted: 'enc:v1:k1:i', idNumberIndex: 'IDX' };
// Every applicant here uploads the same files (the same bytes are the same blob, with each uploader
// recorded), so these references hold for each of them.
const files = { front: jpegFile(1000), back: pngFile(3), certificate: pdfFile('certificate') };
const reference = (bytes: Buffer, mediaType: string) => ({ blobId: createHash('sha256').update(bytes).digest('hex'), mediaType, size: bytes.length });
const photos = [
  { side: 'front' as const, ...reference(files.front, 'image/jpeg') },
  { side: 'back' as const, ...reference(files.back, 'image/png') },
];
const submission = { realName: '诸葛孔明', idNumber: '440305199003071236', sealed, photos, countyCode: '440305', at };
/** The same person's data under another blind index: what another person's submission looks like here. */
const submissionOf = (idNumberIndex: string) => ({ ...submission, sealed: { ...sealed, idNumberIndex } });
const application = {
  materials: [{ type: 'qualification' as const, ...reference(files.certificate, 'application/pdf') }],
  skills: ['电梯维保'],
  years: 5,
  countyCode: '440305',
  at,
};

const uploader = (userId: string) => ({ userId, sessionId: `s-${userId}`, ip: '127.0.0.1', userAgent: 'jest', steppedUpUntil: null, context: null });

describe('the certification module on the CommandBus', () => {
  let moduleRef: TestingModule;
  let bus: CommandBus;
  let events: EventStore;
  let store: ReadModelStore;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-certification-')), LOG_LEVEL: 'silent' });
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), PlatformModule, EventSourcingModule, TenancyModule, BlobsModule, CertificationModule] })
      .overrideProvider(PROJECTIONS)
      .useValue([...TENANCY_PROJECTIONS, ...CERTIFICATION_PROJECTIONS])
      .compile();
    await moduleRef.init();
    bus = moduleRef.get(CommandBus);
    events = moduleRef.get(EVENT_STORE);
    store = moduleRef.get(READ_MODEL_STORE);
    const node = { principal: { name: '王敏', userId: null }, contacts: { phoneEncrypted: 'enc:v1:p', phoneIndex: 'IDX', email: null }, at };
    for (const [nodeId, divisionCode, parentNodeId] of [
      ['n-cn', 'CN', null],
      ['n-44', '44', 'n-cn'],
      ['n-4403', '4403', 'n-44'],
      ['n-4401', '4401', 'n-44'],
    ] as const)
      await bus.execute(new CreateOperatorNode(nodeId, { divisionCode, parentNodeId, name: `云 ${divisionCode}`, ...node }, context('ops')));
    for (const userId of ['u1', 'u3', 'u5', 'u6', 'u7', 'u8', 'u11'])
      for (const [bytes, mediaType] of [
        [files.front, 'image/jpeg'],
        [files.back, 'image/png'],
        [files.certificate, 'application/pdf'],
      ] as const)
        await bus.execute(new UploadBlob(uploader(userId), bytes, mediaType, ClientCommand.fresh()));
  });
  afterAll(() => moduleRef.close());

  const typesIn = async (streamId: string) => (await events.readStream(streamId)).map((e) => e.type);
  const projected = async () => {
    const head = await events.headPosition();
    const projector = moduleRef.get(ReadSide).projector!;
    for (let i = 0; i < 500; i++) {
      if ((await projector.status()).every((s) => s.position >= head)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`the read side did not reach position ${head}`);
  };

  it('verifies a real name: reviewed by the city of the county only, whose division is read from the node', async () => {
    await bus.execute(new SubmitRealNameVerification('u1', submission, context('u1')));
    const [submitted] = await events.readStream(realNameVerificationStream('u1'));
    expect(submitted!.metadata).toEqual(expect.objectContaining({ tenantIds: [], jurisdiction: ['440305', '4403', '44', 'CN'] }));
    for (const reviewerNodeId of ['n-44', 'n-4401', 'n-none'])
      await expect(bus.execute(new ApproveRealNameVerification('u1', { reviewerNodeId, at }, context('ops')))).rejects.toThrow(TenancyRuleViolation);
    await bus.execute(new RejectRealNameVerification('u1', { reviewerNodeId: 'n-4403', opinion: '照片模糊', at }, context('ops')));
    await bus.execute(new SubmitRealNameVerification('u1', submission, context('u1')));
    await bus.execute(new ApproveRealNameVerification('u1', { reviewerNodeId: 'n-4403', at }, context('ops')));
    expect(await typesIn(realNameVerificationStream('u1'))).toEqual([
      'RealNameVerificationSubmitted',
      'RealNameVerificationRejected',
      'RealNameVerificationResubmitted',
      'RealNameVerificationApproved',
    ]);
  });

  it('certifies an engineer and an expert on one account, only after the real name was verified', async () => {
    await expect(bus.execute(new ApplyForCertification('u2', 'engineer', application, context('u2')))).rejects.toThrow(
      expect.objectContaining({ rule: 'real-name-required' }),
    );
    expect(await typesIn(certificationStream('u2', 'engineer'))).toEqual([]);
    await bus.execute(new ApplyForCertification('u1', 'engineer', application, context('u1')));
    await bus.execute(new ApplyForCertification('u1', 'expert', { ...application, skills: ['暖通'] }, context('u1')));
    await expect(bus.execute(new ApplyForCertification('u1', 'expert', application, context('u1')))).rejects.toThrow(IllegalTransition);
    await bus.execute(new ApproveCertification('u1', 'engineer', { reviewerNodeId: 'n-4403', at }, context('ops')));
    await bus.execute(new RejectCertification('u1', 'expert', { reviewerNodeId: 'n-4403', opinion: '证书不清晰', at }, context('ops')));
    await bus.execute(new ApplyForCertification('u1', 'expert', application, context('u1')));
    await bus.execute(new ApproveCertification('u1', 'expert', { reviewerNodeId: 'n-4403', at }, context('ops')));
    await expect(
      bus.execute(new RevokeCertification('u1', 'engineer', { reviewerNodeId: 'n-4403', opinion: '', at }, context('ops'))),
    ).rejects.toThrow(CertificationRuleViolation);

    await projected();
    const qualifications = (await store.collection('qualifications').find({ _id: 'u1' })).map(publicRow);
    expect(qualifications).toEqual([
      expect.objectContaining({ realNameVerified: true, engineer: true, engineerSince: at, expert: true, expertSince: at }),
    ]);
    const reviews = (await store.collection('verification_reviews').find({ applicantId: 'u1' }, { sort: { _id: 1 } })).map(publicRow);
    expect(reviews.map((r) => [r._id, r['status'], (r['history'] as unknown[]).length])).toEqual([
      ['engineer-u1', 'approved', 2],
      ['expert-u1', 'approved', 4],
      ['real-name-u1', 'approved', 4],
    ]);
    expect(JSON.stringify(reviews)).not.toContain('440305199003071236');
  });

  it('verifies one account per ID number: claimed on approval, refused to the next account', async () => {
    expect(await typesIn(residentIdClaimStream('IDX'))).toEqual(['ResidentIdClaimed']);
    await expect(bus.execute(new SubmitRealNameVerification('u5', submission, context('u5')))).rejects.toThrow(
      expect.objectContaining({ rule: 'id-number-taken', field: 'idNumber' }),
    );
    // Two accounts may both have submitted it before either was approved: the second approval is refused.
    await bus.execute(new SubmitRealNameVerification('u6', submissionOf('IDX-6'), context('u6')));
    await bus.execute(new SubmitRealNameVerification('u7', submissionOf('IDX-6'), context('u7')));
    await bus.execute(new ApproveRealNameVerification('u6', { reviewerNodeId: 'n-4403', at }, context('ops')));
    await expect(bus.execute(new ApproveRealNameVerification('u7', { reviewerNodeId: 'n-4403', at }, context('ops')))).rejects.toThrow(
      expect.objectContaining({ rule: 'id-number-taken' }),
    );
    expect(await typesIn(realNameVerificationStream('u7'))).toEqual(['RealNameVerificationSubmitted']);
    // A refused approval (wrong reviewer) claims nothing.
    await bus.execute(new SubmitRealNameVerification('u8', submissionOf('IDX-8'), context('u8')));
    await expect(bus.execute(new ApproveRealNameVerification('u8', { reviewerNodeId: 'n-4401', at }, context('ops')))).rejects.toThrow(TenancyRuleViolation);
    expect(await typesIn(residentIdClaimStream('IDX-8'))).toEqual([]);
  });

  it('refuses files the applicant did not upload, or not as declared, before anything is appended', async () => {
    const before = await events.headPosition();
    // u9 uploaded nothing: the files others uploaded are not theirs to name.
    await expect(bus.execute(new SubmitRealNameVerification('u9', submissionOf('IDX-9'), context('u9')))).rejects.toThrow(
      expect.objectContaining({ rule: 'photo-blob-uploaded', field: 'photos.0.blobId' }),
    );
    const nowhere = { ...photos[1]!, blobId: 'f'.repeat(64) };
    await expect(bus.execute(new SubmitRealNameVerification('u11', { ...submissionOf('IDX-11'), photos: [photos[0]!, nowhere] }, context('u11')))).rejects.toThrow(
      expect.objectContaining({ rule: 'photo-blob-uploaded', field: 'photos.1.blobId' }),
    );
    // u6's real name is verified: the certificate's declared type is checked against the stored file.
    await expect(
      bus.execute(new ApplyForCertification('u6', 'engineer', { ...application, materials: [{ ...application.materials[0]!, mediaType: 'image/jpeg' }] }, context('u6'))),
    ).rejects.toThrow(expect.objectContaining({ rule: 'material-blob-media-type', field: 'materials.0.mediaType' }));
    expect(await events.headPosition()).toBe(before);
  });

  it('appends nothing twice for a retried command', async () => {
    const first = await bus.execute(new SubmitRealNameVerification('u3', submissionOf('IDX-3'), context('u3', 'cmd-real-name-u3')));
    const again = await bus.execute(new SubmitRealNameVerification('u3', submissionOf('IDX-3'), context('u3', 'cmd-real-name-u3')));
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(await typesIn(realNameVerificationStream('u3'))).toEqual(['RealNameVerificationSubmitted']);
  });
});
