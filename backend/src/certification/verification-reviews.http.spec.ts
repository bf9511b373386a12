// ID-6 / ID-7 through the real HTTP stack, from the operators' side: the review queue of a city shows
// only applications of its jurisdiction, a sibling city answers 404 and changes nothing, only the city
// of the applicant's county decides, a rejection says why, the applicant resubmits, history is kept,
// and the engineer and expert roles coexist on one account.
import { certificationStream, realNameVerificationStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jpegFile, pdfFile, pngFile } from '../blobs/testing/files';
import { upload, type UploadedFile } from '../blobs/testing/upload';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { nationalRoot, nodeWithAdmin, signUp, staffOf, type Person } from '../tenancy/testing/tenancy-app';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { recordSecret } from '../testing/test-logs';

const fieldError = (field: string, rule: string) => expect.objectContaining({ errors: [expect.objectContaining({ field, rule })] });

describe('verification reviews over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let guangdong: { nodeId: string; admin: Person };
  let shenzhen: { nodeId: string; admin: Person };
  let guangzhou: { nodeId: string; admin: Person };
  let reviewer: Person;
  let applicant: Person;
  let reviewId: string;
  // Files the applicant uploaded: the ID card's two sides, a retaken back, and two certificates.
  let photos: ({ side: string } & UploadedFile)[];
  let retakenBack: { side: string } & UploadedFile;
  let materials: ({ type: string } & UploadedFile)[];

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    guangdong = await nodeWithAdmin(t, root.admin, '44');
    shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    reviewer = await staffOf(t, shenzhen.admin, shenzhen.nodeId, ['operator-staff']);
    applicant = await signUp(t);
    reviewId = `real-name-${applicant.userId}`;
    photos = [
      { side: 'front', ...(await upload(t, applicant, jpegFile(300), 'image/jpeg')) },
      { side: 'back', ...(await upload(t, applicant, jpegFile(301), 'image/jpeg')) },
    ];
    retakenBack = { side: 'back', ...(await upload(t, applicant, jpegFile(302), 'image/jpeg')) };
    materials = [
      { type: 'qualification', ...(await upload(t, applicant, pdfFile('qualification certificate'), 'application/pdf')) },
      { type: 'education', ...(await upload(t, applicant, pngFile(7), 'image/png')) },
    ];
    recordSecret('id-number', '11010519491231002X');
    await t
      .http()
      .post('/api/v1/me/real-name')
      .set(bearer(applicant))
      .send({ realName: '李雷', idNumber: '11010519491231002X', photos, countyCode: '440305' })
      .expect(201);
  }, 120_000);
  afterAll(() => t.close());

  const queue = (who: Person, query = '?status=pending-review') => t.http().get(`/api/v1/verification-reviews${query}`).set(bearer(who));

  it('lists an application to the operators of its jurisdiction only, masked', async () => {
    const mine = await queue(reviewer).expect(200);
    expect(mine.body).toEqual({
      items: [
        expect.objectContaining({
          id: reviewId,
          kind: 'real-name',
          applicantId: applicant.userId,
          status: 'pending-review',
          countyCode: '440305',
          placeName: '广东省 · 深圳市 · 南山区',
          realNameMasked: '李*',
          idNumberMasked: '110105********002X',
          photos,
          history: [expect.objectContaining({ action: 'submitted' })],
        }),
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    expect(mine.body.items[0]).not.toHaveProperty('scope');
    expect((await queue(guangdong.admin).expect(200)).body.total).toBe(1);
    expect((await queue(guangzhou.admin).expect(200)).body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
    expect((await queue(reviewer, '?kind=engineer').expect(200)).body.total).toBe(0);
  });

  it('lets the reviewing city open the ID photos, and nobody else outside the application', async () => {
    const photo = (who: Person) => t.http().get(`/api/v1/blobs/${photos[0]!.blobId}`).set(bearer(who));
    const opened = await photo(reviewer).expect(200);
    expect(opened.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(opened.body as Buffer, jpegFile(300))).toBe(0);
    expect((await photo(guangdong.admin).expect(200)).headers['content-type']).toBe('image/jpeg');

    const anotherApplicant = await signUp(t);
    recordSecret('id-number', '440305198506120015');
    const ownPhotos = [
      { side: 'front', ...(await upload(t, anotherApplicant, pngFile(21), 'image/png')) },
      { side: 'back', ...(await upload(t, anotherApplicant, pngFile(22), 'image/png')) },
    ];
    await t
      .http()
      .post('/api/v1/me/real-name')
      .set(bearer(anotherApplicant))
      .send({ realName: '韩梅梅', idNumber: '440305198506120015', photos: ownPhotos, countyCode: '440106' })
      .expect(201);
    const stranger = await signUp(t);
    for (const outsider of [guangzhou.admin, anotherApplicant, stranger])
      await apiSpec(t)
        .as(outsider)
        .when((http) => http.get(`/api/v1/blobs/${photos[0]!.blobId}`))
        .then(expectResponse(404), expectNoNewEvents());
    // The other applicant (of Guangzhou, out of this queue) reads their own photos still.
    await t.http().get(`/api/v1/blobs/${ownPhotos[0]!.blobId}`).set(bearer(anotherApplicant)).expect(200);
  });

  it('answers a sibling city 404 for the application, and changes nothing', async () => {
    await apiSpec(t)
      .as(guangzhou.admin)
      .when((http) => http.get(`/api/v1/verification-reviews/${reviewId}`))
      .then(expectResponse(404, fieldError('id', 'exists')), expectNoNewEvents());
    for (const action of ['approve', 'reject'])
      await apiSpec(t)
        .as(guangzhou.admin)
        .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/${action}`).send({ opinion: '越权' }))
        .then(expectResponse(404, fieldError('id', 'exists')), expectNoNewEvents());
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.get('/api/v1/verification-reviews/real-name-nobody'))
      .then(expectResponse(404), expectNoNewEvents());
  });

  it('refuses people who act for no operator node, and the province, which sees but does not decide', async () => {
    const res = await queue(applicant).expect(403);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'context', rule: 'acting-context-required' })]);
    await apiSpec(t)
      .as(guangdong.admin)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/approve`).send({}))
      .then(expectResponse(403, fieldError('reviewerNodeId', 'reviewer-jurisdiction')), expectNoNewEvents());
  });

  it('rejects only with an opinion; the applicant sees it, resubmits, and the city approves; history is kept', async () => {
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/reject`).send({ opinion: '  ' }))
      .then(expectResponse(400, fieldError('opinion', 'opinion-required')), expectNoNewEvents());
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/reject`).set('Idempotency-Key', 'reject-real-name-1').send({ opinion: '身份证背面照片模糊' }))
      .then(
        expectResponse(200, expect.objectContaining({ id: reviewId, status: 'rejected', opinion: '身份证背面照片模糊', reviewerNodeId: shenzhen.nodeId })),
        expectNewEvents(realNameVerificationStream(applicant.userId), [
          { type: 'RealNameVerificationRejected', data: { reviewerNodeId: shenzhen.nodeId, opinion: '身份证背面照片模糊', at: expect.any(String) } },
        ]),
      );
    // The same decision sent again with its key: the same answer, nothing appended twice.
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/reject`).set('Idempotency-Key', 'reject-real-name-1').send({ opinion: '身份证背面照片模糊' }))
      .then(expectResponse(200, expect.objectContaining({ status: 'rejected' })), expectNoNewEvents());
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/approve`).send({}))
      .then(expectResponse(409, fieldError('status', 'illegal-transition')), expectNoNewEvents());

    const mine = await t.http().get('/api/v1/me/qualifications').set(bearer(applicant)).expect(200);
    expect(mine.body.realName).toEqual(
      expect.objectContaining({ status: 'rejected', review: expect.objectContaining({ opinion: '身份证背面照片模糊', reviewerNodeId: shenzhen.nodeId }) }),
    );

    await apiSpec(t)
      .as(applicant)
      .when((http) =>
        http.post('/api/v1/me/real-name').send({ realName: '李雷', idNumber: '11010519491231002X', photos: [photos[0], retakenBack], countyCode: '440305' }),
      )
      .then(
        expectResponse(201, expect.objectContaining({ realName: expect.objectContaining({ status: 'pending-review' }) })),
        expectNewEvents(realNameVerificationStream(applicant.userId), [{ type: 'RealNameVerificationResubmitted', data: expect.objectContaining({ userId: applicant.userId }) }]),
      );
    const approved = await t.http().post(`/api/v1/verification-reviews/${reviewId}/approve`).set(bearer(reviewer)).send({ opinion: '信息一致' }).expect(200);
    expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', opinion: '信息一致' }));
    expect(approved.body.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'rejected', 'resubmitted', 'approved']);
    expect(approved.body.photos[1].blobId).toBe(retakenBack.blobId);

    const after = await t.http().get('/api/v1/me/qualifications').set(bearer(applicant)).expect(200);
    expect(after.body.roles).toEqual(['real-name-verified']);
    expect(after.body.realName.history).toEqual(approved.body.history);

    // One person, one verified account: the same ID number on another account is refused.
    const other = await signUp(t);
    await apiSpec(t)
      .as(other)
      .when((http) => http.post('/api/v1/me/real-name').send({ realName: '李雷', idNumber: '11010519491231002x', photos, countyCode: '440305' }))
      .then(expectResponse(409, fieldError('idNumber', 'id-number-taken')), expectNoNewEvents());
  });

  it('refuses certificates that are not files the applicant uploaded, or not as declared, and records nothing', async () => {
    const someoneElse = await signUp(t);
    const theirs = await upload(t, someoneElse, pdfFile('someone else’s certificate'), 'application/pdf');
    const application = { kind: 'engineer', skills: ['电梯维保'], years: 8, countyCode: '440305' };
    const cases: [typeof materials, string, string][] = [
      [[materials[0]!, { type: 'education', ...theirs }], 'materials.1.blobId', 'material-blob-uploaded'],
      [[{ ...materials[0]!, mediaType: 'image/png' }], 'materials.0.mediaType', 'material-blob-media-type'],
      [[materials[0]!, { ...materials[1]!, size: materials[1]!.size - 1 }], 'materials.1.size', 'material-blob-size'],
    ];
    for (const [refused, field, rule] of cases)
      await apiSpec(t)
        .as(applicant)
        .when((http) => http.post('/api/v1/me/certifications').set('Idempotency-Key', `refused-materials-${field}`).send({ ...application, materials: refused }))
        .then(expectResponse(400, fieldError(field, rule)), expectNoNewEvents());
  });

  it('certifies the verified person as engineer and expert at once, and revokes one role without the other', async () => {
    for (const kind of ['engineer', 'expert'])
      await t
        .http()
        .post('/api/v1/me/certifications')
        .set(bearer(applicant))
        .send({ kind, materials, skills: ['电梯维保', '暖通空调'], years: 8, countyCode: '440305' })
        .expect(201);
    const pending = await queue(reviewer).expect(200);
    expect(pending.body.items.map((i: { id: string }) => i.id).sort()).toEqual([`engineer-${applicant.userId}`, `expert-${applicant.userId}`]);
    expect((await queue(guangzhou.admin, '?kind=expert').expect(200)).body.total).toBe(0);
    // The reviewer opens the certificates of the applications they review; a sibling city does not.
    const certificate = await t.http().get(`/api/v1/blobs/${materials[0]!.blobId}`).set(bearer(reviewer)).expect(200);
    expect(certificate.headers['content-type']).toBe('application/pdf');
    await t.http().get(`/api/v1/blobs/${materials[0]!.blobId}`).set(bearer(guangzhou.admin)).expect(404);

    for (const kind of ['engineer', 'expert'])
      await t.http().post(`/api/v1/verification-reviews/${kind}-${applicant.userId}/approve`).set(bearer(reviewer)).send({}).expect(200);
    expect((await t.http().get('/api/v1/me/qualifications').set(bearer(applicant)).expect(200)).body.roles).toEqual(['real-name-verified', 'engineer', 'expert']);

    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/expert-${applicant.userId}/revoke`).send({ opinion: '专业资格证书已被注销' }))
      .then(
        expectResponse(200, expect.objectContaining({ status: 'revoked' })),
        expectNewEvents(certificationStream(applicant.userId, 'expert'), [{ type: 'CertificationRevoked', data: expect.objectContaining({ opinion: '专业资格证书已被注销' }) }]),
      );
    await apiSpec(t)
      .as(reviewer)
      .when((http) => http.post(`/api/v1/verification-reviews/${reviewId}/revoke`).send({ opinion: 'x' }))
      .then(expectResponse(409, fieldError('id', 'not-revocable')), expectNoNewEvents());
    const mine = await t.http().get('/api/v1/me/qualifications').set(bearer(applicant)).expect(200);
    expect(mine.body.roles).toEqual(['real-name-verified', 'engineer']);
    expect(mine.body.expert).toEqual(expect.objectContaining({ status: 'revoked', approvedAt: null }));
  });

  it('refuses a malformed queue query with the field and the rule', async () => {
    for (const [query, field] of [
      ['?pageSize=1000', 'pageSize'],
      ['?page=0', 'page'],
      ['?status=done', 'status'],
      ['?kind=manager', 'kind'],
    ] as const) {
      const res = await queue(reviewer, query).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
    const before = await events.headPosition();
    await t.http().post(`/api/v1/verification-reviews/${reviewId}/reject`).set(bearer(reviewer)).send({ opinion: 'x'.repeat(501) }).expect(400);
    expect(await events.headPosition()).toBe(before);
  });
});
