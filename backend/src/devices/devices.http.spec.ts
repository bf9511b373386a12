// The device registry through the real HTTP stack: who sees and changes which device (manufacturer,
// owner, operators of the device's jurisdiction and of a sibling region, another enterprise), input
// refused with field and rule, the sheet import's row report and the export, the QR label, the public
// request form's look-up and its rate limit, and the daily warranty reminder raised once.
import { deviceStream, type DeviceEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { jpegFile } from '../blobs/testing/files';
import { upload } from '../blobs/testing/upload';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { JOB_QUEUE } from '../event-sourcing/event-sourcing.tokens';
import type { JobQueue } from '../jobs/job-queue.port';
import { bearer, startIdentityApp, toNextWindow, type IdentityApp } from '../identity/testing/identity-app';
import { apiSpec, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, staffOf, type Person } from '../tenancy/testing/tenancy-app';
import { qrPath } from './api/device-label';
import { PUBLIC_LOOKUPS_PER_MINUTE, PUBLIC_REQUESTS_PER_HOUR } from './api/public-devices.controller';
import { WARRANTY_REMINDERS } from './application/warranty-reminders';

type Enterprise = { enterpriseId: string; admin: Person };

const device = (number: string, change: Record<string, unknown> = {}) => ({
  number,
  name: '五轴立式加工中心',
  model: 'VMC-850',
  type: 'cnc-machine',
  spec: '行程 850×500×550 mm',
  parameters: [{ name: '主轴转速', value: '12000', unit: 'rpm' }],
  project: '二期厂房',
  manufacturedOn: '2025-06-01',
  warrantyMonths: 12,
  countyCode: '440305',
  address: '南山区科技园 1 号',
  coordinates: { lat: 22.54, lng: 113.95 },
  ...change,
});

/** The ISO date `days` from the app's today, `months` months back. */
const dateFrom = (now: Date, days: number, months = 0): string => {
  const d = new Date(now.getTime() + days * 86_400_000 + 8 * 3_600_000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

describe('devices over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let maker: Enterprise;
  let owner: Enterprise;
  let stranger: Enterprise;
  let cityStaff: Person;
  let siblingOperator: Person;
  let deviceId: string;
  let qrToken: string;

  const deviceEvents = async (id: string): Promise<DeviceEvent[]> =>
    (await events.readStream(deviceStream(id))).map((e) => ({ type: e.type, data: e.data }) as DeviceEvent);

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    maker = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    stranger = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    for (const e of [maker, owner]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${stranger.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    cityStaff = await staffOf(t, shenzhen.admin, shenzhen.nodeId, ['operator-staff']);
    siblingOperator = guangzhou.admin;
  }, 180_000);
  afterAll(() => t.close());

  it('is registered by its manufacturer with photos, seen by the operators of its county, not by others', async () => {
    const photo = await upload(t, maker.admin, jpegFile(300), 'image/jpeg');
    const created = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-0001', { images: [photo] })).expect(201);
    deviceId = created.body.id;
    qrToken = created.body.qrToken;
    expect(created.body).toEqual(
      expect.objectContaining({
        number: 'SN-0001',
        manufacturerId: maker.enterpriseId,
        ownerId: null,
        status: 'active',
        soldOn: null,
        warrantyEndsOn: null,
        warrantyDaysLeft: null,
        images: [photo],
        lat: 22.54,
        lng: 113.95,
        publicRequests: false,
      }),
    );
    expect(qrToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(qrToken).not.toContain(deviceId);

    await t.http().get(`/api/v1/devices/${deviceId}`).set(bearer(cityStaff)).expect(200);
    const cityList = await t.http().get('/api/v1/devices?region=4403').set(bearer(cityStaff)).expect(200);
    expect(cityList.body.items.map((d: { id: string }) => d.id)).toContain(deviceId);
    for (const outsider of [siblingOperator, owner.admin, stranger.admin]) {
      await apiSpec(t).as(outsider).when((http) => http.get(`/api/v1/devices/${deviceId}`)).then(expectResponse(404));
      const list = await t.http().get('/api/v1/devices').set(bearer(outsider)).expect(200);
      expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(deviceId);
    }
    // The photo is the device's: its operators may read it, the sibling region's may not.
    await t.http().get(`/api/v1/blobs/${photo.blobId}`).set(bearer(cityStaff)).expect(200);
    await t.http().get(`/api/v1/blobs/${photo.blobId}`).set(bearer(siblingOperator)).expect(404);
  });

  it('is sold to an equipment user, who then shares it; the warranty runs from the sale date', async () => {
    const soldOn = dateFrom(t.clock.now(), 0, 1);
    const sold = await t.http().post(`/api/v1/devices/${deviceId}/sale`).set(bearer(maker.admin)).send({ ownerId: owner.enterpriseId, soldOn }).expect(200);
    expect(sold.body).toEqual(expect.objectContaining({ ownerId: owner.enterpriseId, soldOn, warrantyDaysLeft: expect.any(Number) }));
    expect(sold.body.warrantyDaysLeft).toBeGreaterThan(300);
    const seen = await t.http().get(`/api/v1/devices/${deviceId}`).set(bearer(owner.admin)).expect(200);
    expect(seen.body.warrantyEndsOn).toBe(sold.body.warrantyEndsOn);
    // Sold once, to an equipment user only, and only by its manufacturer.
    const again = await t.http().post(`/api/v1/devices/${deviceId}/sale`).set(bearer(maker.admin)).send({ ownerId: stranger.enterpriseId, soldOn }).expect(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'ownerId', rule: 'already-sold' })]);
    const byOwner = await t.http().post(`/api/v1/devices/${deviceId}/sale`).set(bearer(owner.admin)).send({ ownerId: owner.enterpriseId, soldOn }).expect(403);
    expect(byOwner.body.errors).toEqual([expect.objectContaining({ field: 'by', rule: 'not-your-role' })]);
  });

  it('is run by its owner: status and edits; the manufacturer keeps editing facts but not running it', async () => {
    await t.http().post(`/api/v1/devices/${deviceId}/status`).set(bearer(owner.admin)).send({ status: 'faulty' }).expect(200);
    const refused = await t.http().post(`/api/v1/devices/${deviceId}/status`).set(bearer(maker.admin)).send({ status: 'idle' }).expect(403);
    expect(refused.body.errors[0]).toEqual(expect.objectContaining({ rule: 'not-your-role' }));
    const edited = await t.http().patch(`/api/v1/devices/${deviceId}`).set(bearer(maker.admin)).send({ warrantyMonths: 24, spec: '升级版' }).expect(200);
    expect(edited.body).toEqual(expect.objectContaining({ status: 'faulty', warrantyMonths: 24, spec: '升级版', name: '五轴立式加工中心' }));
    expect(edited.body.warrantyDaysLeft).toBeGreaterThan(600);
  });

  it('answers another tenant and a sibling region 404 for every change, and appends nothing', async () => {
    await apiSpec(t).as(stranger.admin).when((http) => http.patch(`/api/v1/devices/${deviceId}`).send({ name: '偷改' })).then(expectResponse(404), expectNoNewEvents());
    await apiSpec(t).as(stranger.admin).when((http) => http.post(`/api/v1/devices/${deviceId}/status`).send({ status: 'idle' })).then(expectResponse(404), expectNoNewEvents());
    await apiSpec(t).as(stranger.admin).when((http) => http.post(`/api/v1/devices/${deviceId}/retire`).send({ reason: '报废' })).then(expectResponse(404), expectNoNewEvents());
    for (const outsider of [stranger.admin, siblingOperator])
      await apiSpec(t).as(outsider).when((http) => http.get(`/api/v1/devices/${deviceId}/label`)).then(expectResponse(404));
    // Operators hold no rule for changing devices at all: 403 before any device is looked at.
    await apiSpec(t).as(siblingOperator).when((http) => http.patch(`/api/v1/devices/${deviceId}`).send({ name: '偷改' })).then(expectResponse(403), expectNoNewEvents());
    // The city's operators read the device but do not change it.
    await apiSpec(t).as(cityStaff).when((http) => http.patch(`/api/v1/devices/${deviceId}`).send({ name: '偷改' })).then(expectResponse(403), expectNoNewEvents());
    await apiSpec(t).as(cityStaff).when((http) => http.post('/api/v1/devices').send(device('SN-OP'))).then(expectResponse(403), expectNoNewEvents());
  });

  it('refuses bad input with 400 naming field and rule, and business rules with 422/409', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: undefined }, 'name'],
      [{ type: 'toaster' }, 'type'],
      [{ warrantyMonths: 121 }, 'warrantyMonths'],
      [{ countyCode: '4403' }, 'countyCode'],
      [{ manufacturedOn: '2025/06/01' }, 'manufacturedOn'],
      [{ coordinates: { lat: 'north', lng: 113 } }, 'coordinates.lat'],
      [{ number: 'SN 9' }, 'number'],
    ];
    for (const [change, field] of cases) {
      const res = await apiSpec(t).as(maker.admin).when((http) => http.post('/api/v1/devices').send(device('SN-BAD', change))).then(expectResponse(400), expectNoNewEvents());
      expect(res.response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule: expect.any(String) })]));
    }
    const unknownCounty = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-BAD', { countyCode: '449999' })).expect(422);
    expect(unknownCounty.body.errors).toEqual([expect.objectContaining({ field: 'countyCode', rule: 'division-unknown' })]);
    const future = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-BAD', { manufacturedOn: '2099-01-01' })).expect(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'manufacturedOn', rule: 'date-in-future' })]);
    const outside = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-BAD', { coordinates: { lat: 1, lng: 113 } })).expect(422);
    expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'coordinates.lat', rule: 'coordinates-range' })]);
    const taken = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('sn-0001')).expect(409);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'number', rule: 'number-taken' })]);
    const notMine = await upload(t, owner.admin, jpegFile(301), 'image/jpeg');
    const foreign = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-IMG', { images: [notMine] })).expect(422);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'images.0.blobId', rule: 'image-blob-uploaded' })]);
  });

  it('is registered by an equipment user for itself, with the manufacturer it names and the date it bought it', async () => {
    const soldOn = dateFrom(t.clock.now(), -10);
    const res = await t
      .http()
      .post('/api/v1/devices')
      .set(bearer(owner.admin))
      .send(device('OWN-7', { manufacturerId: maker.enterpriseId, soldOn, type: 'air-compressor' }))
      .expect(201);
    expect(res.body).toEqual(expect.objectContaining({ ownerId: owner.enterpriseId, manufacturerId: maker.enterpriseId, soldOn, registrantId: owner.enterpriseId }));
    // The manufacturer it names shares the device.
    await t.http().get(`/api/v1/devices/${res.body.id}`).set(bearer(maker.admin)).expect(200);
    const filtered = await t.http().get('/api/v1/devices?type=air-compressor&q=own-').set(bearer(maker.admin)).expect(200);
    expect(filtered.body).toEqual(expect.objectContaining({ total: 1, page: 1, pageSize: 20 }));
    expect(filtered.body.items[0].id).toBe(res.body.id);
  });

  it('imports the device sheet row by row with a report of the refused rows, and exports it back', async () => {
    const csv = [
      '设备编号,设备名称,型号,设备类型,参数,生产日期,保修月数,区县代码,地址,纬度,经度',
      'IMP-1,螺杆空压机,GA-37,空压机,排气量:6.5:m³/min；功率:37:kW,2025-03-01,18,440305,南山区一号厂房,22.5,113.9',
      'IMP-2,注塑机,HX-200,烤面包机,,2025-03-01,12,440305,南山区二号厂房,,',
      'IMP-3,注塑机,HX-200,注塑机,,2025-03-01,12,449999,南山区三号厂房,,',
      'SN-0001,重复编号,HX-200,注塑机,,2025-03-01,12,440305,南山区四号厂房,,',
      'IMP-1,同一文件重复,HX-200,注塑机,,2025-03-01,12,440305,南山区五号厂房,,',
    ].join('\r\n');
    const res = await t
      .http()
      .post('/api/v1/devices/import')
      .set(bearer(maker.admin))
      .send({ fileName: '设备.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64') })
      .expect(200);
    expect(res.body.imported).toBe(1);
    expect(res.body.created).toEqual([{ row: 2, deviceId: expect.any(String), number: 'IMP-1' }]);
    expect(res.body.rejected.map((r: { row: number; field: string; rule: string }) => [r.row, r.field, r.rule])).toEqual([
      [3, 'type', 'device-type'],
      [4, 'countyCode', 'division-unknown'],
      [5, 'number', 'number-taken'],
      [6, 'number', 'duplicate-in-file'],
    ]);
    const imported = await t.http().get(`/api/v1/devices/${res.body.created[0].deviceId}`).set(bearer(maker.admin)).expect(200);
    expect(imported.body).toEqual(
      expect.objectContaining({ type: 'air-compressor', warrantyMonths: 18, parameters: [{ name: '排气量', value: '6.5', unit: 'm³/min' }, { name: '功率', value: '37', unit: 'kW' }] }),
    );
    const bad = await t.http().post('/api/v1/devices/import').set(bearer(maker.admin)).send({ fileName: 'x.xlsx', contentBase64: Buffer.from('not a zip').toString('base64') }).expect(400);
    expect(bad.body.errors[0].field).toBe('file');

    const exported = await t.http().get('/api/v1/devices/export?format=csv').set(bearer(maker.admin)).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(exported.status).toBe(200);
    const text = (exported.body as Buffer).toString('utf8');
    expect(text).toContain('设备编号');
    expect(text).toContain('IMP-1');
    expect(text).toContain('螺杆空压机');
    expect(text).not.toContain('IMP-3');
    const xlsx = await t.http().get('/api/v1/devices/export?format=xlsx').set(bearer(cityStaff)).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('prints a QR label with the device’s name and number that encodes /r/<qrToken>', async () => {
    const res = await t.http().get(`/api/v1/devices/${deviceId}/label`).set(bearer(owner.admin)).set('host', 'kuaige.example.cn').buffer(true).parse((r, done) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (body += c));
      r.on('end', () => done(null, body));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    const svg = res.body as string;
    expect(svg).toContain('五轴立式加工中心');
    expect(svg).toContain('SN-0001');
    expect(svg).toContain(`d="${qrPath(`http://kuaige.example.cn/r/${qrToken}`).d}"`);
    expect(svg).not.toContain(deviceId);
  });

  it('opens its public request form only when the holder switches it on; look-ups are limited per address', async () => {
    await apiSpec(t).when((http) => http.get(`/api/v1/public/devices/${qrToken}`)).then(expectResponse(404));
    // Only the enterprise that runs the device decides.
    await t.http().patch(`/api/v1/devices/${deviceId}`).set(bearer(maker.admin)).send({ publicRequests: true }).expect(403);
    await t.http().patch(`/api/v1/devices/${deviceId}`).set(bearer(owner.admin)).send({ publicRequests: true }).expect(200);
    toNextWindow(t.clock, 60_000);
    const open = await t.http().get(`/api/v1/public/devices/${qrToken}`).expect(200);
    expect(open.body).toEqual({
      token: qrToken,
      name: '五轴立式加工中心',
      model: 'VMC-850',
      type: 'cnc-machine',
      typeLabel: { 'zh-CN': '数控机床', en: 'CNC machine' },
      place: expect.stringContaining('南山区'),
    });
    expect(JSON.stringify(open.body)).not.toContain(owner.enterpriseId);
    const signedIn = await t.http().get(`/api/v1/devices/qr/${qrToken}`).set(bearer(owner.admin)).expect(200);
    expect(signedIn.body.id).toBe(deviceId);
    await t.http().get(`/api/v1/devices/qr/${qrToken}`).set(bearer(stranger.admin)).expect(404);
    for (let i = 1; i < PUBLIC_LOOKUPS_PER_MINUTE; i++) await t.http().get(`/api/v1/public/devices/not-a-token-${i}`).expect(404);
    const limited = await t.http().get(`/api/v1/public/devices/${qrToken}`).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('reminds of a warranty ending within 30 days through the daily job, once per warranty end', async () => {
    const soon = await t.http().post('/api/v1/devices').set(bearer(maker.admin)).send(device('SN-SOON', { manufacturedOn: '2024-01-01' })).expect(201);
    // Sold twelve months and twenty days before the warranty's last 10 days: ends 10 days from today.
    const soldOn = dateFrom(t.clock.now(), 10, 12);
    await t.http().post(`/api/v1/devices/${soon.body.id}/sale`).set(bearer(maker.admin)).send({ ownerId: owner.enterpriseId, soldOn }).expect(200);
    const jobs = t.app.get<JobQueue>(JOB_QUEUE);
    const runJob = async () => {
      const id = await jobs.enqueue(WARRANTY_REMINDERS, { reason: 'spec' });
      for (let i = 0; i < 200; i++) {
        const job = await jobs.getJob(WARRANTY_REMINDERS, id);
        if (job?.state === 'completed') return job.result;
        if (job?.state === 'failed') throw new Error(job.failedReason ?? 'failed');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the reminder job did not finish');
    };
    expect(await runJob()).toEqual(expect.objectContaining({ noticed: 1 }));
    const noticed = (await deviceEvents(soon.body.id)).filter((e) => e.type === 'WarrantyExpiryNoticed');
    expect(noticed).toEqual([{ type: 'WarrantyExpiryNoticed', data: expect.objectContaining({ daysLeft: 10 }) }]);
    const reminders = await t.http().get('/api/v1/devices/reminders').set(bearer(owner.admin)).expect(200);
    expect(reminders.body.items.map((d: { id: string; warrantyDaysLeft: number }) => [d.id, d.warrantyDaysLeft])).toEqual([[soon.body.id, 10]]);
    await t.http().get('/api/v1/devices/reminders').set(bearer(stranger.admin)).expect(200, { items: [], total: 0, totalExact: true, page: 1, pageSize: 20 });
    // The job runs again (a retry, the next morning): the device has been reminded of this end already.
    expect(await runJob()).toEqual(expect.objectContaining({ noticed: 0 }));
    expect((await deviceEvents(soon.body.id)).filter((e) => e.type === 'WarrantyExpiryNoticed')).toHaveLength(1);
    // A schedule exists for every morning.
    expect((await jobs.schedules(WARRANTY_REMINDERS)).map((s) => s.id)).toEqual(['daily']);
  });

  it('takes a request from the public form as the platform, for the owner, limited per address and hour', async () => {
    const body = { contact: { name: '张师傅', phone: '13800138000' }, faultType: 'abnormal-noise', description: '主轴异响，加工精度下降' };
    const bad = await apiSpec(t)
      .when((http) => http.post(`/api/v1/public/devices/${qrToken}/requests`).send({ ...body, contact: { name: '张师傅', phone: '12345' } }))
      .then(expectResponse(400), expectNoNewEvents());
    expect(bad.response.body.errors).toEqual([expect.objectContaining({ field: 'contact.phone' })]);
    await apiSpec(t).when((http) => http.post(`/api/v1/public/devices/not-a-device-token-at-all/requests`).send(body)).then(expectResponse(404), expectNoNewEvents());
    const sent = await t.http().post(`/api/v1/public/devices/${qrToken}/requests`).send(body).expect(201);
    expect(sent.body).toEqual({ workOrderId: expect.any(String), number: expect.stringMatching(/^WO-\d{8}-[0-9A-Z]{6}$/) });
    const order = await t.http().get(`/api/v1/work-orders/${sent.body.workOrderId}`).set(bearer(owner.admin)).expect(200);
    expect(JSON.stringify(order.body)).toContain('public-qr');
    // The plain phone never enters the event log.
    expect(JSON.stringify((await events.readStream(`WorkOrder-${sent.body.workOrderId}`)).map((e) => e.data))).not.toContain('13800138000');
    await t.http().get(`/api/v1/work-orders/${sent.body.workOrderId}`).set(bearer(stranger.admin)).expect(404);
    // A fresh hour (moved to after the reads above: the people's access tokens do not last an hour).
    toNextWindow(t.clock, 3_600_000);
    for (let i = 1; i <= PUBLIC_REQUESTS_PER_HOUR; i++) await t.http().post(`/api/v1/public/devices/not-a-device-token-${i}xxxxxxxxxx/requests`).send(body).expect(404);
    await apiSpec(t).when((http) => http.post(`/api/v1/public/devices/${qrToken}/requests`).send(body)).then(expectResponse(429), expectNoNewEvents());
  });

  it('answers a signed-in person without an acting context 403', async () => {
    const nobody = await signUp(t);
    const res = await t.http().get('/api/v1/devices').set(bearer(nobody)).expect(403);
    expect(res.body.errors[0].rule).toBe('acting-context-required');
  });
});
