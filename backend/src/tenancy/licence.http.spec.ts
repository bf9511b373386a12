// An enterprise registers with a licence file its registrant uploaded (POST /api/v1/blobs), as declared.
import type { EventStore } from '@kuaige/eventsourcing';
import { pdfFile, pngFile } from '../blobs/testing/files';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { freshUscc, signUp, type Person } from './testing/tenancy-app';

describe('the licence of an enterprise registration, over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let registrant: Person;
  let other: Person;
  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    registrant = await signUp(t);
    other = await signUp(t);
  });
  afterAll(() => t.close());

  const upload = async (by: Person, file: Buffer, type: string) =>
    (await t.http().post('/api/v1/blobs').set(bearer(by)).set('content-type', type).send(file).expect(201)).body as { blobId: string; size: number };
  const register = (licence: { blobId: string; mediaType: string; size: number }) =>
    t
      .http()
      .post('/api/v1/enterprises')
      .set(bearer(registrant))
      .send({ type: 'service-provider', name: '深圳执照测试有限公司', uscc: freshUscc('440305'), address: { countyCode: '440305', line: '科技园 2 号' }, licence });

  it('refuses a licence that is someone else’s upload, or not the file it is said to be, naming the field; nothing is written', async () => {
    const theirs = await upload(other, pdfFile('their licence'), 'application/pdf');
    const mine = await upload(registrant, pngFile(77), 'image/png');
    const cases = [
      [{ blobId: theirs.blobId, mediaType: 'application/pdf', size: theirs.size }, 'licence.blobId', 'licence-blob-uploaded'],
      [{ blobId: 'f'.repeat(64), mediaType: 'application/pdf', size: 100 }, 'licence.blobId', 'licence-blob-uploaded'],
      [{ blobId: mine.blobId, mediaType: 'application/pdf', size: mine.size }, 'licence.mediaType', 'licence-blob-media-type'],
      [{ blobId: mine.blobId, mediaType: 'image/png', size: mine.size + 1 }, 'licence.size', 'licence-blob-size'],
    ] as const;
    for (const [licence, field, rule] of cases) {
      const before = await events.headPosition();
      const res = await register(licence);
      expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 422, errors: [expect.objectContaining({ field, rule })] });
      expect(await events.headPosition()).toBe(before);
    }
    const accepted = await register({ blobId: mine.blobId, mediaType: 'image/png', size: mine.size });
    expect(accepted.status).toBe(201);
  });
});
