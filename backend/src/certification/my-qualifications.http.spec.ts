// ID-6 / ID-7 through the real HTTP stack, from the applicant's side: submit, see the status and the
// history masked, refusals naming field and rule, and no ID number or name in plain text at rest.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realNameVerificationStream } from '@kuaige/domain';
import type { ReadModelStore } from '@kuaige/projections';
import { jpegFile, pdfFile, pngFile } from '../blobs/testing/files';
import { upload, type UploadedFile } from '../blobs/testing/upload';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { bearer, login, register, startIdentityApp, type IdentityApp, type SignedIn } from '../identity/testing/identity-app';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { recordSecret } from '../testing/test-logs';

const ID_NUMBER = '440305199003071236';
recordSecret('id-number', ID_NUMBER);
const REAL_NAME = '欧阳子健';
const fieldError = (field: string, rule: string) => expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });

describe('my real-name verification and certifications over HTTP', () => {
  let t: IdentityApp;
  let userId: string;
  let s: SignedIn;
  // The ID card photos and the certificate are files the applicant uploads first.
  let photos: ({ side: string } & UploadedFile)[];
  let submission: { realName: string; idNumber: string; photos: typeof photos; countyCode: string };
  let application: { kind: string; materials: ({ type: string } & UploadedFile)[]; skills: string[]; years: number; countyCode: string };
  beforeAll(async () => {
    t = await startIdentityApp();
    const { phone, userId: id } = await register(t);
    userId = id;
    s = await login(t, phone);
    photos = [
      { side: 'front', ...(await upload(t, s, jpegFile(350), 'image/jpeg')) },
      { side: 'back', ...(await upload(t, s, pngFile(1), 'image/png')) },
    ];
    submission = { realName: REAL_NAME, idNumber: ID_NUMBER, photos, countyCode: '440305' };
    application = {
      kind: 'engineer',
      materials: [{ type: 'qualification', ...(await upload(t, s, pdfFile('engineer certificate'), 'application/pdf')) }],
      skills: ['电梯维保'],
      years: 5,
      countyCode: '440305',
    };
  });
  afterAll(() => t.close());

  it('needs a session', async () => {
    await t.http().get('/api/v1/me/qualifications').expect(401);
    await t.http().post('/api/v1/me/real-name').send(submission).expect(401);
  });

  it('shows nothing applied for yet', async () => {
    await apiSpec(t)
      .as(s)
      .when((http) => http.get('/api/v1/me/qualifications'))
      .then(
        expectResponse(200, {
          realName: { status: 'none', history: [] },
          engineer: { status: 'none', history: [] },
          expert: { status: 'none', history: [] },
          roles: [],
        }),
        expectNoNewEvents(),
      );
  });

  it('refuses bad input with the field and the rule, and records nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...submission, idNumber: '440305199003071235' }, 'idNumber', 'id-number-check-character'],
      [{ ...submission, idNumber: '440305199002301239' }, 'idNumber', 'id-number-birth-date'],
      [{ ...submission, idNumber: '44030519900307123' }, 'idNumber', 'isLength'],
      [{ ...submission, realName: '张' }, 'realName', 'matches'],
      [{ ...submission, countyCode: '440399' }, 'countyCode', 'division-unknown'],
      [{ ...submission, photos: [photos[0], photos[0]] }, 'photos', 'id-photos'],
      [{ ...submission, photos: [photos[0]] }, 'photos', 'arrayMinSize'],
      [{ ...submission, photos: [photos[0], { ...photos[1], mediaType: 'application/pdf' }] }, 'photos.1.mediaType', 'isIn'],
      [{ ...submission, photos: [photos[0], { ...photos[1], size: 10 * 1024 * 1024 + 1 }] }, 'photos.1.size', 'max'],
      [{ ...submission, photos: [{ ...photos[0], blobId: '../x' }, photos[1]] }, 'photos.0.blobId', 'matches'],
    ];
    for (const [body, field, rule] of cases)
      await apiSpec(t)
        .as(s)
        .when((http) => http.post('/api/v1/me/real-name').send(body))
        .then(expectResponse(400, fieldError(field, rule)), expectNoNewEvents());
  });

  it('refuses photos that are not files I uploaded, or not as declared, before anything is recorded', async () => {
    const stranger = await login(t, (await register(t)).phone);
    const theirs = await upload(t, stranger, jpegFile(500), 'image/jpeg');
    const png = photos[1]!;
    const cases: [typeof photos, string, string][] = [
      // Someone else's file and a file nobody uploaded read alike: a reference cannot probe for files.
      [[{ side: 'front', ...theirs }, png], 'photos.0.blobId', 'photo-blob-uploaded'],
      [[photos[0]!, { ...png, blobId: 'a'.repeat(64) }], 'photos.1.blobId', 'photo-blob-uploaded'],
      [[photos[0]!, { ...png, mediaType: 'image/jpeg' }], 'photos.1.mediaType', 'photo-blob-media-type'],
      [[{ ...photos[0]!, size: photos[0]!.size + 1 }, png], 'photos.0.size', 'photo-blob-size'],
    ];
    for (const [refused, field, rule] of cases)
      await apiSpec(t)
        .as(s)
        .when((http) => http.post('/api/v1/me/real-name').set('Idempotency-Key', `refused-photos-${field}-${rule}`).send({ ...submission, photos: refused }))
        .then(expectResponse(400, fieldError(field, rule)), expectNoNewEvents());
    // The decider's rules come first: the stored files are looked at only for a submission it accepts.
    await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/real-name').send({ ...submission, idNumber: '440305199003071235', photos: [{ side: 'front', ...theirs }, png] }))
      .then(expectResponse(400, fieldError('idNumber', 'id-number-check-character')), expectNoNewEvents());
  });

  it('refuses a certification before the real name is verified', async () => {
    await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/certifications').send(application))
      .then(expectResponse(409, fieldError('kind', 'real-name-required')), expectNoNewEvents());
    await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/certifications').send({ ...application, kind: 'manager', years: -1 }))
      .then(expectResponse(400, expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ field: 'kind', rule: 'isIn' }), expect.objectContaining({ field: 'years', rule: 'min' })]) })));
  });

  it('submits my real name once per key, pending review, masked; a second submission waits for the review', async () => {
    const key = 'real-name-submit-0001';
    const { response } = await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/real-name').set('Idempotency-Key', key).send(submission))
      .then(
        expectResponse(
          201,
          expect.objectContaining({
            realName: expect.objectContaining({
              status: 'pending-review',
              realName: '欧阳**',
              idNumber: '440305********1236',
              countyCode: '440305',
              photos,
              history: [expect.objectContaining({ action: 'submitted', reviewerNodeId: null, opinion: null })],
            }),
            roles: [],
          }),
        ),
        expectNewEvents(realNameVerificationStream(userId), [
          {
            type: 'RealNameVerificationSubmitted',
            data: expect.objectContaining({ userId, realNameMasked: '欧阳**', idNumberMasked: '440305********1236', jurisdiction: ['440305', '4403', '44', 'CN'] }),
          },
        ]),
      );
    // The same request again: the same answer, nothing appended twice.
    await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/real-name').set('Idempotency-Key', key).send(submission))
      .then(expectResponse(201, response.body), expectNoNewEvents());
    await apiSpec(t)
      .as(s)
      .when((http) => http.post('/api/v1/me/real-name').send(submission))
      .then(expectResponse(409, fieldError('status', 'illegal-transition')), expectNoNewEvents());
  });

  it('keeps the name and the ID number only encrypted, indexed or masked, in the event store and the read models', async () => {
    const store = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    await t.http().get('/api/v1/me/qualifications').set(bearer(s)).expect(200);
    const needles = [ID_NUMBER, ID_NUMBER.slice(6, 14), REAL_NAME, '子健'].map((n) => Buffer.from(n, 'utf8'));
    const files = readdirSync(t.dataDir).filter((f) => f.includes('sqlite'));
    expect(files).toEqual(expect.arrayContaining(['events.sqlite']));
    for (const file of files) {
      const bytes = readFileSync(join(t.dataDir, file));
      for (const needle of needles) expect([file, needle.toString(), bytes.includes(needle)]).toEqual([file, needle.toString(), false]);
    }
    const all = Buffer.concat(files.map((f) => readFileSync(join(t.dataDir, f))));
    expect(all.includes(Buffer.from('RealNameVerificationSubmitted'))).toBe(true);
    expect(all.includes(Buffer.from('440305********1236'))).toBe(true);

    // The read side may still be catching up: wait for the row, then look at every row of both models.
    for (let i = 0; i < 200 && (await store.collection('verification_reviews').count({ applicantId: userId })) === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const rows = [...(await store.collection('verification_reviews').find({})), ...(await store.collection('qualifications').find({}))];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(rows);
    for (const needle of needles) expect(text.includes(needle.toString())).toBe(false);
    expect(text).not.toContain('enc:v1:');
    expect(text).toContain('440305********1236');
  });
});
