// Upload and download of files through the real HTTP stack.
import { createHash } from 'node:crypto';
import { blobStream } from '@kuaige/domain';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { login, register, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { jpegFile, pdfFile, pngFile } from './testing/files';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MAX = 8 * 1024;

describe('blobs over HTTP', () => {
  let t: IdentityApp;
  let alice: { accessToken: string; userId: string };
  let bob: { accessToken: string; userId: string };
  beforeAll(async () => {
    t = await startIdentityApp({ BLOB_MAX_BYTES: String(MAX) });
    const a = await register(t);
    const b = await register(t);
    alice = { ...(await login(t, a.phone)), userId: a.userId };
    bob = { ...(await login(t, b.phone)), userId: b.userId };
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer, type: string, key?: string) => (http: ReturnType<IdentityApp['http']>) => {
    const req = http.post('/api/v1/blobs').set('content-type', type);
    return (key ? req.set('Idempotency-Key', key) : req).send(bytes);
  };
  const download = (id: string) => (http: ReturnType<IdentityApp['http']>) =>
    http
      .get(`/api/v1/blobs/${id}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        // Refusals are JSON error bodies; only a file stays bytes.
        res.on('end', () => done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : Buffer.concat(chunks)));
      });

  it('stores an upload, records its uploader as an event, and gives the same bytes back to them', async () => {
    const pdf = pdfFile('round trip');
    const blobId = sha(pdf);
    await apiSpec(t)
      .as(alice)
      .when(upload(pdf, 'application/pdf'))
      .then(
        expectResponse(201, { blobId, mediaType: 'application/pdf', size: pdf.length, sha256: blobId }),
        expectNewEvents(blobStream(blobId), [
          { type: 'BlobStored', data: { blobId, uploaderId: alice.userId, mediaType: 'application/pdf', size: pdf.length, sha256: blobId, at: expect.any(String) } },
        ]),
      );
    const { response } = await apiSpec(t).as(alice).when(download(blobId)).then(expectResponse(200), expectNoNewEvents());
    expect(Buffer.compare(response.body as Buffer, pdf)).toBe(0);
    expect(response.headers).toEqual(
      expect.objectContaining({
        'content-type': 'application/pdf',
        'x-content-type-options': 'nosniff',
        'content-disposition': `attachment; filename="${blobId.slice(0, 16)}.pdf"`,
        'content-length': String(pdf.length),
      }),
    );
  });

  it('is idempotent by Idempotency-Key and by content', async () => {
    const png = pngFile(1);
    const blobId = sha(png);
    const body = { blobId, mediaType: 'image/png', size: png.length, sha256: blobId };
    await apiSpec(t).as(alice).when(upload(png, 'image/png', 'upload-png-0001')).then(expectResponse(201, body), expectNewEvents(blobStream(blobId), [expect.objectContaining({ type: 'BlobStored' })]));
    await apiSpec(t).as(alice).when(upload(png, 'image/png', 'upload-png-0001')).then(expectResponse(201, body), expectNoNewEvents());
    await apiSpec(t).as(alice).when(upload(png, 'image/png')).then(expectResponse(201, body), expectNoNewEvents());
    // The same key with other bytes is another request.
    await apiSpec(t)
      .as(alice)
      .when(upload(pngFile(2), 'image/png', 'upload-png-0001'))
      .then(expectResponse(422, expect.objectContaining({ errors: [expect.objectContaining({ field: 'Idempotency-Key', rule: 'same-request' })] })), expectNoNewEvents());
  });

  it('refuses a file that is not what it says, or too large, naming field and rule', async () => {
    const refused = (status: number, field: string, rule: string) =>
      expectResponse(status, { statusCode: status, error: expect.any(String), message: expect.any(String), errors: [expect.objectContaining({ field, rule })], requestId: expect.any(String) });
    await apiSpec(t).as(alice).when(upload(pngFile(), 'image/jpeg')).then(refused(400, 'content-type', 'matches-content'), expectNoNewEvents());
    await apiSpec(t).as(alice).when(upload(Buffer.concat([Buffer.from('MZ'), jpegFile()]), 'image/jpeg')).then(refused(415, 'body', 'media-type'), expectNoNewEvents());
    await apiSpec(t).as(alice).when(upload(jpegFile(MAX + 1), 'image/jpeg')).then(refused(413, 'body', 'max-size'), expectNoNewEvents());
    await apiSpec(t).as(alice).when(upload(Buffer.alloc(0), 'image/png')).then(refused(400, 'body', 'not-empty'), expectNoNewEvents());
    await apiSpec(t)
      .as(alice)
      .when((http) => http.post('/api/v1/blobs').send({ blob: 'not a file' }))
      .then(refused(415, 'content-type', 'media-type'), expectNoNewEvents());
    expect((await apiSpec(t).as(alice).when(upload(jpegFile(MAX), 'image/jpeg')).then(expectResponse(201))).response.body.size).toBe(MAX);
  });

  it('takes files on this route only: elsewhere a file body is still 415', async () => {
    await apiSpec(t)
      .as(alice)
      .when((http) => http.patch('/api/v1/me').set('content-type', 'image/png').send(pngFile()))
      .then(expectResponse(415, expect.objectContaining({ errors: [expect.objectContaining({ field: 'content-type', rule: 'media-type' })] })), expectNoNewEvents());
  });

  it('hides a blob from everyone but its uploaders: another user gets 404, until they upload the same bytes', async () => {
    const jpeg = jpegFile(100);
    const blobId = sha(jpeg);
    await apiSpec(t).as(alice).when(upload(jpeg, 'image/jpeg')).then(expectResponse(201));
    await apiSpec(t)
      .as(bob)
      .when(download(blobId))
      .then(expectResponse(404), expectNoNewEvents());
    await apiSpec(t).when(download(blobId)).then(expectResponse(401));
    await apiSpec(t).when(upload(jpeg, 'image/jpeg')).then(expectResponse(401), expectNoNewEvents());
    // Refused before the body is read, however large it claims to be.
    await apiSpec(t).when(upload(jpegFile(MAX + 1), 'image/jpeg')).then(expectResponse(401), expectNoNewEvents());
    await apiSpec(t)
      .when((http) => http.post('/api/v1/blobs').set('authorization', 'Bearer not-a-token').set('content-type', 'image/jpeg').send(jpeg))
      .then(expectResponse(401), expectNoNewEvents());
    await apiSpec(t).as(bob).when(download('not-a-blob-id')).then(expectResponse(400, expect.objectContaining({ errors: [expect.objectContaining({ field: 'id', rule: 'blob-id' })] })));
    await apiSpec(t).as(bob).when(download('0'.repeat(64))).then(expectResponse(404));
    // Bob holds the same bytes: storing them makes him an uploader too, and tells him nothing new.
    await apiSpec(t)
      .as(bob)
      .when(upload(jpeg, 'image/jpeg'))
      .then(expectResponse(201), expectNewEvents(blobStream(blobId), [expect.objectContaining({ data: expect.objectContaining({ uploaderId: bob.userId }) })]));
    await apiSpec(t).as(bob).when(download(blobId)).then(expectResponse(200));
  });
});
