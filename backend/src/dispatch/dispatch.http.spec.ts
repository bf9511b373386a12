// Dispatch through the real HTTP stack: provider and engineer profiles, ranked suggestions with their
// reasons for the operator of the order's jurisdiction and for the provider it was dispatched to, and
// the device's maintenance history as JSON, XLSX and PDF — each refused outside the caller's scope.
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { engineerProfileStream, providerProfileStream, type DomainEvent, type EventMetadata } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { specMetadata } from '@kuaige/testkit';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { ReadSide } from '../event-sourcing/read-side';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { extractPdfText } from '../pdf/testing/pdf-text';
import { readXlsx } from '../tabular';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';

const NANSHAN = { lat: 22.5329, lng: 113.9305 };
const JURISDICTION = ['440305', '4403', '44', 'CN'];
const fieldError = (field: string, rule: string) => expect.objectContaining({ errors: expect.arrayContaining([expect.objectContaining({ field, rule })]) });
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('dispatch over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let shenzhen: { nodeId: string; admin: Person };
  let guangzhou: { nodeId: string; admin: Person };
  let user: { enterpriseId: string; admin: Person };
  let nanshanService: { enterpriseId: string; admin: Person };
  let tianheService: { enterpriseId: string; admin: Person };
  let senior: Person;
  let junior: Person;
  const deviceId = `dev-${randomUUID()}`;
  const orderId = `wo-${randomUUID()}`;
  const earlierOrderId = `wo-${randomUUID()}`;

  const append = async (streamId: string, list: DomainEvent[], metadata: Partial<EventMetadata>) =>
    events.append(streamId, list.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: specMetadata(metadata) })), 'any');
  const caughtUp = () => t.app.get(ReadModelFreshness).caughtUp(['work_orders', 'devices', 'qualifications', 'provider_profiles', 'engineer_profiles']);

  /**
   * Until the durable reactions (the SLA clock follows work orders) have reacted to everything appended
   * and the read models caught up: what a request then appends is the request's own doing.
   */
  const settled = async () => {
    const readSide = t.app.get(ReadSide);
    for (let attempt = 0; attempt < 500; attempt++) {
      const head = await events.headPosition();
      const reactions = (await readSide.reactor?.status()) ?? [];
      if (reactions.every((r) => r.position >= head)) {
        await caughtUp();
        if ((await events.headPosition()) === head) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the reactions did not settle');
  };
  /**
   * Instants a few minutes after the app's clock: the SLA clocks these orders start fall due well after
   * the spec, so no deadline job appends a breach while a request is measured.
   */
  let start = 0;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  /** Events of a work order as the work-order context records them; its projection builds the list row. */
  const workOrder = async (id: string, history: DomainEvent[]) => {
    await append(`WorkOrder-${id}`, history, { jurisdiction: JURISDICTION });
    await settled();
  };
  const system = { kind: 'system', reason: 'automatic-review' };
  const reviewed = (at: string): DomainEvent => ({ type: 'RequestReviewed', data: { mode: 'automatic', by: system, opinion: '', at } });
  const dispatched = (providerId: string, at: string): DomainEvent => ({
    type: 'WorkOrderDispatched',
    data: { providerId, byNodeId: shenzhen.nodeId, priority: 'normal', suggestion: null, override: null, at },
  });

  const requested = (id: string, number: string, at: string): DomainEvent => ({
    type: 'MaintenanceRequested',
    data: {
      workOrderId: id,
      number,
      device: {
        deviceId,
        number: 'SB-2026-0001',
        name: '立式加工中心',
        model: 'VMC-850',
        type: 'cnc-machine',
        ownerId: user.enterpriseId,
        manufacturerId: null,
        countyCode: '440305',
        jurisdiction: JURISDICTION,
        coordinates: NANSHAN,
        soldOn: null,
        warrantyEndsOn: null,
        status: 'faulty',
      },
      fault: { type: 'electrical', description: '主轴驱动器报警 ALM 401，无法启动', attachments: [] },
      priority: 'normal',
      requesterId: user.enterpriseId,
      requesterUserId: user.admin.userId,
      manufacturerId: null,
      channel: 'console',
      contact: { name: '陈主管', phone: 'sealed' },
      at,
    },
  });

  beforeAll(async () => {
    t = await startIdentityApp();
    start = t.clock.now().getTime();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    user = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    nanshanService = await enterpriseWithAdmin(t, '440305', 'service-provider');
    tianheService = await enterpriseWithAdmin(t, '440106', 'service-provider');
    await t.http().post(`/api/v1/enterprises/${user.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${nanshanService.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${tianheService.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    senior = await employeeOf(t, nanshanService, ['engineer']);
    junior = await employeeOf(t, nanshanService, ['engineer']);
    await t.http().patch('/api/v1/me').set(bearer(senior)).send({ displayName: '王建国' }).expect(200);
    // The senior engineer's certification as the operators decided it (ID-7).
    await append(
      `Certification-${senior.userId}-engineer`,
      [
        { type: 'CertificationApplied', data: { userId: senior.userId, kind: 'engineer', materials: [], skills: ['数控'], years: 12, countyCode: '440305', jurisdiction: JURISDICTION, at: '2026-10-01T00:00:00.000Z' } },
        { type: 'CertificationApproved', data: { reviewerNodeId: shenzhen.nodeId, opinion: '', at: '2026-10-02T00:00:00.000Z' } },
      ],
      { jurisdiction: JURISDICTION },
    );
    // The device, as the devices context records its registration by its owner.
    await append(
      `Device-${deviceId}`,
      [
        {
          type: 'DeviceRegistered',
          data: {
            deviceId,
            number: 'SB-2026-0001',
            registrantId: user.enterpriseId,
            ownerId: user.enterpriseId,
            manufacturerId: null,
            name: '立式加工中心',
            model: 'VMC-850',
            type: 'cnc-machine',
            spec: '',
            parameters: [],
            project: null,
            manufacturedOn: null,
            warrantyMonths: 12,
            countyCode: '440305',
            jurisdiction: JURISDICTION,
            address: '科技园南区 8 栋',
            coordinates: NANSHAN,
            soldOn: null,
            warrantyEndsOn: null,
            images: [],
            qrToken: `qr-${deviceId}`,
            by: { kind: 'enterprise', enterpriseId: user.enterpriseId, userId: user.admin.userId },
            at: '2026-09-01T00:00:00.000Z',
          },
        },
      ],
      { tenantIds: [user.enterpriseId], jurisdiction: JURISDICTION },
    );
    await settled();
  });
  afterAll(() => t.close());

  describe('provider profiles', () => {
    const profile = { deviceTypes: ['cnc-machine', 'industrial-robot'], faultTypes: ['electrical', 'control-system'], serviceRegions: ['4403'], base: { lat: 22.54, lng: 113.95 }, capacity: 10 };

    it('are set by the provider itself, once per key, and read back with workload and rating', async () => {
      const key = randomUUID();
      await apiSpec(t)
        .as(nanshanService.admin)
        .when((http) => http.put(`/api/v1/providers/${nanshanService.enterpriseId}/profile`).set('Idempotency-Key', key).send(profile))
        .then(
          expectResponse(200, expect.objectContaining({ enterpriseId: nanshanService.enterpriseId, configured: true, capacity: 10, serviceRegions: [{ code: '4403', name: '广东省 · 深圳市' }], openOrders: 0, rating: { count: 0, mean: null } })),
          expectNewEvents(providerProfileStream(nanshanService.enterpriseId), [
            { type: 'ProviderProfileSet', data: expect.objectContaining({ enterpriseId: nanshanService.enterpriseId, deviceTypes: profile.deviceTypes, capacity: 10 }) },
          ]),
        );
      await apiSpec(t)
        .as(nanshanService.admin)
        .when((http) => http.put(`/api/v1/providers/${nanshanService.enterpriseId}/profile`).set('Idempotency-Key', key).send(profile))
        .then(expectResponse(200), expectNoNewEvents());
      await t
        .http()
        .put(`/api/v1/providers/${tianheService.enterpriseId}/profile`)
        .set(bearer(tianheService.admin))
        .send({ deviceTypes: ['cnc-machine'], faultTypes: ['mechanical'], serviceRegions: ['44'], base: { lat: 23.1246, lng: 113.3612 }, capacity: 30 })
        .expect(200);
    });

    it('refuses bad input naming field and rule, another enterprise (404), an operator editing (403), a non-provider (409)', async () => {
      const put = (p: Person, id: string, body: unknown) => apiSpec(t).as(p).when((http) => http.put(`/api/v1/providers/${id}/profile`).send(body as object));
      await put(nanshanService.admin, nanshanService.enterpriseId, { ...profile, deviceTypes: ['teleporter'] }).then(expectResponse(400, fieldError('deviceTypes', 'isIn')), expectNoNewEvents());
      await put(nanshanService.admin, nanshanService.enterpriseId, { ...profile, capacity: 0 }).then(expectResponse(400, fieldError('capacity', 'min')), expectNoNewEvents());
      await put(nanshanService.admin, nanshanService.enterpriseId, { ...profile, serviceRegions: ['4499'] }).then(expectResponse(400, fieldError('serviceRegions.0', 'division-unknown')), expectNoNewEvents());
      await put(nanshanService.admin, nanshanService.enterpriseId, { ...profile, deviceTypes: [] }).then(expectResponse(400, fieldError('deviceTypes', 'required')), expectNoNewEvents());
      await put(tianheService.admin, nanshanService.enterpriseId, profile).then(expectResponse(404, fieldError('enterpriseId', 'exists')), expectNoNewEvents());
      await put(shenzhen.admin, nanshanService.enterpriseId, profile).then(expectResponse(403, fieldError('enterpriseId', 'not-your-role')), expectNoNewEvents());
      await put(user.admin, user.enterpriseId, profile).then(expectResponse(409, fieldError('enterpriseId', 'not-a-service-provider')), expectNoNewEvents());
    });

    it('are readable by the operators of the provider’s region, not by a sibling region’s', async () => {
      const read = await t.http().get(`/api/v1/providers/${nanshanService.enterpriseId}/profile`).set(bearer(shenzhen.admin)).expect(200);
      expect(read.body).toMatchObject({ name: expect.any(String), deviceTypes: profile.deviceTypes });
      await t.http().get(`/api/v1/providers/${nanshanService.enterpriseId}/profile`).set(bearer(guangzhou.admin)).expect(404);
    });
  });

  describe('engineer profiles', () => {
    const seniorProfile = { deviceTypes: ['cnc-machine'], faultTypes: ['electrical'], fields: ['FANUC 数控系统'], level: 'senior', yearsOfExperience: 12, base: { lat: 22.55, lng: 113.94 }, available: true };

    it('are set by the provider’s admin for its active members; the engineer changes their own skills', async () => {
      await apiSpec(t)
        .as(nanshanService.admin)
        .when((http) => http.put(`/api/v1/engineers/${nanshanService.enterpriseId}/${senior.userId}/profile`).send(seniorProfile))
        .then(
          expectResponse(200, expect.objectContaining({ userId: senior.userId, name: '王建国', level: 'senior', certified: true, configured: true, capacity: 5 })),
          expectNewEvents(engineerProfileStream(nanshanService.enterpriseId, senior.userId), [{ type: 'EngineerProfileSet', data: expect.objectContaining({ level: 'senior', yearsOfExperience: 12 }) }]),
        );
      await t
        .http()
        .put(`/api/v1/engineers/${nanshanService.enterpriseId}/${junior.userId}/profile`)
        .set(bearer(nanshanService.admin))
        .send({ deviceTypes: ['industrial-robot'], faultTypes: [], fields: [], level: 'junior', yearsOfExperience: 1, base: null, available: true })
        .expect(200);
      await apiSpec(t)
        .as(junior)
        .when((http) => http.put('/api/v1/me/engineer-profile').send({ deviceTypes: ['industrial-robot', 'cnc-machine'], faultTypes: ['electrical'], fields: ['ABB 机器人'] }))
        .then(
          expectResponse(200, expect.objectContaining({ deviceTypes: ['industrial-robot', 'cnc-machine'], fields: ['ABB 机器人'], level: 'junior', certified: false })),
          expectNewEvents(engineerProfileStream(nanshanService.enterpriseId, junior.userId), [{ type: 'EngineerSkillsChanged', data: expect.objectContaining({ fields: ['ABB 机器人'] }) }]),
        );
    });

    it('refuses the engineer setting level or availability, another enterprise, and bad input', async () => {
      await apiSpec(t)
        .as(junior)
        .when((http) => http.put(`/api/v1/engineers/${nanshanService.enterpriseId}/${junior.userId}/profile`).send({ ...seniorProfile, level: 'expert' }))
        .then(expectResponse(403, fieldError('permission', 'permission')), expectNoNewEvents());
      await apiSpec(t)
        .as(tianheService.admin)
        .when((http) => http.put(`/api/v1/engineers/${nanshanService.enterpriseId}/${senior.userId}/profile`).send(seniorProfile))
        .then(expectResponse(404, fieldError('userId', 'exists')), expectNoNewEvents());
      await apiSpec(t)
        .as(nanshanService.admin)
        .when((http) => http.put(`/api/v1/engineers/${nanshanService.enterpriseId}/${senior.userId}/profile`).send({ ...seniorProfile, level: 'guru' }))
        .then(expectResponse(400, fieldError('level', 'isIn')), expectNoNewEvents());
      await apiSpec(t)
        .as(senior)
        .when((http) => http.put('/api/v1/me/engineer-profile').send({ deviceTypes: [], faultTypes: [], fields: [] }))
        .then(expectResponse(400, fieldError('deviceTypes', 'required')), expectNoNewEvents());
    });

    it('are searched by skill, level, certification and text, paged, within the caller’s scope', async () => {
      const search = (p: Person, query: string) => t.http().get(`/api/v1/engineers?${query}`).set(bearer(p)).expect(200);
      const ids = (body: { items: { userId: string }[] }) => body.items.map((i) => i.userId);
      expect(ids((await search(nanshanService.admin, 'skill=cnc-machine')).body)).toEqual([senior.userId, junior.userId]);
      expect(ids((await search(nanshanService.admin, 'level=junior')).body)).toEqual([junior.userId]);
      expect(ids((await search(nanshanService.admin, 'certified=true')).body)).toEqual([senior.userId]);
      expect(ids((await search(nanshanService.admin, 'q=ABB')).body)).toEqual([junior.userId]);
      expect(ids((await search(nanshanService.admin, 'q=王建')).body)).toEqual([senior.userId]);
      expect((await search(nanshanService.admin, 'pageSize=1&page=2')).body).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ userId: junior.userId }] });
      expect(ids((await search(shenzhen.admin, 'skill=cnc-machine')).body)).toEqual([senior.userId, junior.userId]);
      expect((await search(guangzhou.admin, '')).body).toMatchObject({ total: 0, items: [] });
      expect((await search(tianheService.admin, '')).body).toMatchObject({ total: 0 });
      await t.http().get('/api/v1/engineers?pageSize=500').set(bearer(nanshanService.admin)).expect(400);
    });
  });

  describe('suggestions', () => {
    beforeAll(async () => {
      // An earlier order of the Nanshan provider, closed with the equipment user's 5 stars: its rating.
      await workOrder(earlierOrderId, [
        requested(earlierOrderId, 'WO-20261001-000001', at(1)),
        reviewed(at(1)),
        dispatched(nanshanService.enterpriseId, at(2)),
        { type: 'DispatchAccepted', data: { providerId: nanshanService.enterpriseId, at: at(3) } },
        { type: 'EngineerAssigned', data: { engineerId: senior.userId, at: at(4) } },
        { type: 'EngineerAccepted', data: { engineerId: senior.userId, at: at(5) } },
        { type: 'WorkStarted', data: { engineerId: senior.userId, at: at(6) } },
        { type: 'ProcessingRecordAdded', data: { recordId: 'r1', engineerId: senior.userId, steps: '检查主轴驱动器，更换编码器线缆', parts: [{ name: '编码器线缆', quantity: 1, unit: '根' }], tools: ['万用表'], cause: '线缆老化', result: '报警消除，试切正常', attachments: [], at: at(7) } },
        { type: 'ProcessingRecordEdited', data: { recordId: 'r1', engineerId: senior.userId, steps: '检查主轴驱动器，更换编码器线缆并紧固插头', parts: [{ name: '编码器线缆', quantity: 1, unit: '根' }], tools: ['万用表'], cause: '线缆老化', result: '报警消除，试切正常', attachments: [], at: at(8) } },
        { type: 'WorkCompleted', data: { summary: '已修复', at: at(9) } },
        { type: 'ReceiptSubmitted', data: { summary: '已修复', attachments: [], at: at(10) } },
        { type: 'ReceiptApproved', data: { opinion: '', at: at(11) } },
        { type: 'ReceiptReported', data: { note: '', at: at(12) } },
        { type: 'WorkOrderEvaluated', data: { by: 'equipment-user', score: 5, opinion: '响应及时', at: at(13) } },
        { type: 'WorkOrderClosed', data: { at: at(14) } },
      ]);
      await workOrder(orderId, [requested(orderId, 'WO-20261120-000002', at(15)), reviewed(at(15))]);
    });

    it('rank providers for the operator of the order’s jurisdiction, best first, with every factor’s reason', async () => {
      const { response } = await apiSpec(t)
        .as(shenzhen.admin)
        .when((http) => http.get(`/api/v1/work-orders/${orderId}/dispatch-suggestions`))
        .then(expectResponse(200), expectNoNewEvents());
      expect(response.body).toMatchObject({ workOrderId: orderId, priority: 'normal', weights: { skill: 30, distance: 15 } });
      const [first, second] = response.body.items;
      expect([first.id, second.id]).toEqual([nanshanService.enterpriseId, tianheService.enterpriseId]);
      expect(first.rank).toBe(1);
      expect(Object.fromEntries(first.factors.map((f: { factor: string; reason: { 'zh-CN': string } }) => [f.factor, f.reason['zh-CN']]))).toEqual({
        skill: '覆盖设备类型：数控机床；覆盖故障类型：电气故障',
        certification: '认证工程师 1 名',
        region: '服务区域覆盖设备所在城市',
        distance: expect.stringMatching(/^距离 \d+\.\d km$/),
        workload: '当前在办 0 单 / 容量 10',
        rating: '评分 3.8（1 次评价，均分 5.0）',
      });
      expect(second.factors.find((f: { factor: string }) => f.factor === 'region').reason.en).toBe("service regions cover the device's province");
    });

    it('are not shown to another region’s operator (404) nor to the requester as dispatch suggestions (403)', async () => {
      await apiSpec(t).as(guangzhou.admin).when((http) => http.get(`/api/v1/work-orders/${orderId}/dispatch-suggestions`)).then(expectResponse(404, fieldError('id', 'exists')));
      await apiSpec(t).as(user.admin).when((http) => http.get(`/api/v1/work-orders/${orderId}/dispatch-suggestions`)).then(expectResponse(403, fieldError('id', 'not-your-role')));
      await apiSpec(t).as(shenzhen.admin).when((http) => http.get(`/api/v1/work-orders/missing/dispatch-suggestions`)).then(expectResponse(404));
      await apiSpec(t).as(shenzhen.admin).when((http) => http.get(`/api/v1/work-orders/${orderId}/dispatch-suggestions?limit=0`)).then(expectResponse(400, fieldError('limit', 'matches')));
    });

    it('rank the provider’s engineers once the order is dispatched to it; another provider gets 404', async () => {
      await workOrder(orderId, [
        dispatched(tianheService.enterpriseId, at(16)),
        { type: 'DispatchReturned', data: { providerId: tianheService.enterpriseId, reason: '距离太远', at: at(17) } },
      ]);
      const again = await t.http().get(`/api/v1/work-orders/${orderId}/dispatch-suggestions`).set(bearer(shenzhen.admin)).expect(200);
      expect(again.body.items.map((i: { id: string }) => i.id)).toEqual([nanshanService.enterpriseId]);

      await workOrder(orderId, [
        dispatched(nanshanService.enterpriseId, at(18)),
        { type: 'DispatchAccepted', data: { providerId: nanshanService.enterpriseId, at: at(19) } },
      ]);
      const { response } = await apiSpec(t)
        .as(nanshanService.admin)
        .when((http) => http.get(`/api/v1/work-orders/${orderId}/engineer-suggestions`))
        .then(expectResponse(200), expectNoNewEvents());
      expect(response.body.items.map((i: { id: string; name: string }) => [i.id, i.name])).toEqual([
        [senior.userId, '王建国'],
        [junior.userId, expect.any(String)],
      ]);
      expect(Object.fromEntries(response.body.items[0].factors.map((f: { factor: string; reason: { 'zh-CN': string } }) => [f.factor, f.reason['zh-CN']]))).toMatchObject({
        skill: '覆盖设备类型：数控机床；覆盖故障类型：电气故障；等级：高级',
        certification: '已通过工程师认证',
        workload: '当前在办 0 单 / 容量 5',
        rating: '评分 3.8（1 次评价，均分 5.0）',
      });
      await apiSpec(t).as(tianheService.admin).when((http) => http.get(`/api/v1/work-orders/${orderId}/engineer-suggestions`)).then(expectResponse(404));
      await apiSpec(t).as(user.admin).when((http) => http.get(`/api/v1/work-orders/${orderId}/engineer-suggestions`)).then(expectResponse(403, fieldError('id', 'not-your-role')));
    });
  });

  describe('device maintenance history (WO-12)', () => {
    it('lists the device’s orders with their processing records as JSON', async () => {
      const { response } = await apiSpec(t).as(user.admin).when((http) => http.get(`/api/v1/devices/${deviceId}/history`)).then(expectResponse(200), expectNoNewEvents());
      expect(response.body).toMatchObject({ device: { id: deviceId, number: 'SB-2026-0001', placeName: '广东省 · 深圳市 · 南山区' }, total: 2, truncated: false });
      expect(response.body.items.map((o: { id: string }) => o.id)).toEqual([orderId, earlierOrderId]);
      expect(response.body.items[1]).toMatchObject({
        status: 'closed',
        userScore: 5,
        engineer: { id: senior.userId, name: '王建国' },
        records: [{ recordId: 'r1', steps: '检查主轴驱动器，更换编码器线缆并紧固插头', parts: [{ name: '编码器线缆', quantity: 1, unit: '根' }], editedAt: at(8), at: at(7) }],
      });
    });

    it('exports to XLSX with Chinese headers and the records', async () => {
      const res = await t.http().get(`/api/v1/devices/${deviceId}/history?format=xlsx`).set(bearer(user.admin)).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = readXlsx(res.body as Buffer).rows.map((r) => r.cells);
      expect(rows[0]!.slice(0, 4)).toEqual(['工单号', '状态', '优先级', '故障类型']);
      expect(rows.map((r) => r[0])).toEqual(['工单号', 'WO-20261120-000002', 'WO-20261001-000001']);
      expect(rows[2]).toEqual(expect.arrayContaining(['已关闭', '电气故障', '检查主轴驱动器，更换编码器线缆并紧固插头 / 线缆老化 / 报警消除，试切正常', '编码器线缆 ×1根', '5']));
    });

    it('exports to PDF whose Chinese text extracts as written', async () => {
      const res = await t.http().get(`/api/v1/devices/${deviceId}/history?format=pdf`).set(bearer(user.admin)).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E7%BB%B4%E4%BF%AE%E5%B1%A5%E5%8E%86");
      const text = extractPdfText(res.body as Buffer).pages.join('\n');
      for (const expected of ['设备维修履历 · 立式加工中心', 'SB-2026-0001', '广东省 · 深圳市 · 南山区', 'WO-20261001-000001  已关闭', '检查主轴驱动器，更换编码器线缆并紧固插头', '编码器线缆 ×1根', '王建国', '第 1 / 1 页'])
        expect(text).toContain(expected);
      const en = await t.http().get(`/api/v1/devices/${deviceId}/history?format=pdf&language=en`).set(bearer(user.admin)).buffer(true).parse(binary).expect(200);
      expect(extractPdfText(en.body as Buffer).pages.join('\n')).toContain('Device maintenance history');
    });

    it('is refused outside the device’s scope (404), files without the export permission (403), bad formats (400)', async () => {
      await apiSpec(t).as(guangzhou.admin).when((http) => http.get(`/api/v1/devices/${deviceId}/history`)).then(expectResponse(404, fieldError('id', 'exists')));
      await apiSpec(t).as(tianheService.admin).when((http) => http.get(`/api/v1/devices/${deviceId}/history?format=pdf`)).then(expectResponse(404));
      const employee = await employeeOf(t, user, ['member']);
      await apiSpec(t).as(employee).when((http) => http.get(`/api/v1/devices/${deviceId}/history`)).then(expectResponse(200));
      await apiSpec(t).as(employee).when((http) => http.get(`/api/v1/devices/${deviceId}/history?format=xlsx`)).then(expectResponse(403, fieldError('permission', 'permission')));
      await apiSpec(t).as(user.admin).when((http) => http.get(`/api/v1/devices/${deviceId}/history?format=doc`)).then(expectResponse(400, fieldError('format', 'isIn')));
    });
  });
});
