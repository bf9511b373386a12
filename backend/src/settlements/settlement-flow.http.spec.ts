// From a maintenance request to a paid, invoiced and closed settlement, through the real HTTP API: the
// equipment user's admin, the manufacturer's admin (the order is judged in warranty), the provider's
// admin and engineer, a certified expert who helps (a paid help), the city operator who publishes the
// fee schedule and arbitrates a dispute, and a sibling city's operator who sees none of it. At the end,
// each party's statement shows what it owes, what it is owed and that the ledger balances.
import { randomUUID } from 'node:crypto';
import type { Response as HttpResponse } from 'superagent';
import { settlementStream, type StockEvent } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { certifyExpert } from '../expert-help/testing/expert-help-world';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { extractPdfText } from '../pdf/testing/pdf-text';
import { apiSpec, existingStream, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from '../tenancy/testing/tenancy-app';
import { settlementIdOf } from './application/settlement-creation';

type Res = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
type Line = { lineId: string; kind: string; amountFen: number; payer: string; payee: string; payeeId: string; quantity: number };
type Account = { account: string; balanceFen: number };
type StatementAccount = { account: string; openingFen: number; debitFen: number; creditFen: number; closingFen: number };

const binary = (res: HttpResponse, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('a settlement from maintenance request to paid, with a warranty split and an expert fee', () => {
  let t: IdentityApp;
  let cityOperator: Person;
  let siblingOperator: Person;
  let owner: { enterpriseId: string; admin: Person };
  let maker: { enterpriseId: string; admin: Person };
  let provider: { enterpriseId: string; admin: Person };
  let engineer: Person;
  let expert: Person;
  let cityNodeId: string;
  let orderId: string;
  let settlementId: string;

  const post = (who: Person, path: string, body: object = {}, key = randomUUID()): Promise<Res> =>
    t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Res>;
  const ok = async (who: Person, path: string, body: object = {}) => {
    const res = await post(who, path, body);
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res;
  };
  const get = (who: Person, path: string, query: Record<string, string> = {}) =>
    t.http().get(path).query(query).set(bearer(who)) as unknown as Promise<Res>;
  const step = (who: Person, name: string, body: object = {}) => ok(who, `/api/v1/work-orders/${orderId}/${name}`, body);
  const settlement = async (who: Person) =>
    (await get(who, `/api/v1/settlements/${settlementId}`)).body as {
      status: string;
      lines: Line[];
      yourSteps: string[];
      totals: { byPayer: Record<string, number> };
    } & Record<string, unknown>;
  const ruleOf = (res: Res) => ({ status: res.status, rule: res.body.errors?.[0]?.rule });
  const minutes = (n: number) => t.clock.advance(n * 60_000);

  beforeAll(async () => {
    // Tokens and sessions outlive the hour of work the test clock moves through.
    t = await startIdentityApp({ SESSION_IDLE_MINUTES: '600', ACCESS_TOKEN_MINUTES: '60' });
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    cityOperator = shenzhen.admin;
    cityNodeId = shenzhen.nodeId;
    siblingOperator = guangzhou.admin;
    owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    maker = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [owner, maker, provider]) await ok(cityOperator, `/api/v1/enterprises/${e.enterpriseId}/approve`);
    engineer = await employeeOf(t, provider, ['engineer']);
    await t
      .http()
      .put(`/api/v1/engineers/${provider.enterpriseId}/${engineer.userId}/profile`)
      .set(bearer(provider.admin))
      .set('Idempotency-Key', randomUUID())
      .send({
        deviceTypes: ['cnc-machine'],
        faultTypes: ['electrical'],
        fields: [],
        level: 'senior',
        yearsOfExperience: 8,
        base: { lat: 22.6, lng: 113.93 },
        available: true,
      })
      .expect(200);
    expert = await signUp(t);
    await certifyExpert(t, cityOperator, expert, ['数控系统'], 20_000);
  }, 240_000);
  afterAll(() => t.close());

  it('prices with the most specific fee schedule published for the device’s jurisdiction', async () => {
    const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const schedule = {
      operatorNodeId: cityNodeId,
      effectiveFrom: today,
      labourRates: [
        { skillLevel: 'junior', hourlyFen: 8_000 },
        { skillLevel: 'senior', hourlyFen: 15_000 },
      ],
      travelBands: [
        { upToKm: 10, fen: 5_000 },
        { upToKm: 50, fen: 12_000 },
      ],
      platformFeeRateBp: 500,
      expertFeeRateBp: 1_000,
      note: '深圳市收费标准',
    };
    expect(ruleOf(await post(cityOperator, '/api/v1/fee-schedules', { ...schedule, platformFeeRateBp: 2.5 }))).toEqual({
      status: 400,
      rule: 'isInt',
    });
    expect(ruleOf(await post(owner.admin, '/api/v1/fee-schedules', schedule))).toEqual({ status: 403, rule: 'permission' });
    const drafted = await ok(cityOperator, '/api/v1/fee-schedules', schedule);
    expect(drafted.body).toMatchObject({ status: 'draft', regionCode: '4403', platformFeeRateBp: 500 });
    const scheduleId = String(drafted.body['scheduleId']);
    expect(ruleOf(await post(siblingOperator, `/api/v1/fee-schedules/${scheduleId}/publish`))).toEqual({ status: 404, rule: 'exists' });
    expect((await ok(cityOperator, `/api/v1/fee-schedules/${scheduleId}/publish`)).body).toMatchObject({
      status: 'published',
      publishedAt: expect.any(String),
    });
    const listed = await get(cityOperator, '/api/v1/fee-schedules', { status: 'published' });
    expect((listed.body['items'] as { scheduleId: string }[]).map((s) => s.scheduleId)).toContain(scheduleId);
  });

  it('creates exactly one draft settlement when the receipt is reported and both parties have evaluated', async () => {
    const device = await ok(owner.admin, '/api/v1/devices', {
      number: `SN-STL-${process.pid}-${randomUUID().slice(0, 8)}`,
      name: '3号数控车床',
      model: 'CK6150',
      type: 'cnc-machine',
      countyCode: '440305',
      address: '南山区西丽工业区 3 栋',
      coordinates: { lat: 22.54, lng: 113.93 },
      manufacturerId: maker.enterpriseId,
    });
    const created = await ok(owner.admin, '/api/v1/work-orders', {
      deviceId: device.body['id'],
      fault: { type: 'electrical', description: '主轴报警 ALM-401' },
      priority: 'high',
      contact: { name: '张工', phone: '13800138000' },
    });
    orderId = String(created.body['id']);
    settlementId = settlementIdOf(orderId);
    await step(maker.admin, 'warranty-judgement', { judgement: 'in-warranty', opinion: '保修期内' });
    await step(cityOperator, 'dispatch', {
      providerId: provider.enterpriseId,
      suggestion: { rank: 1, suggestedProviderId: provider.enterpriseId },
    });
    await step(provider.admin, 'accept');
    await step(provider.admin, 'assign', { engineerId: engineer.userId });
    await step(engineer, 'engineer-accept');
    await step(engineer, 'start');
    minutes(25);
    const help = await ok(engineer, `/api/v1/work-orders/${orderId}/expert-help`, {
      expertId: expert.userId,
      fieldCode: '数控系统',
      question: '编码器报警如何排查',
    });
    const helpId = String(help.body['id']);
    await ok(expert, `/api/v1/expert-help/${helpId}/accept`);
    await ok(expert, `/api/v1/expert-help/${helpId}/close`, { summary: '编码器线缆松动，紧固后恢复' });
    minutes(20);
    await step(engineer, 'records', {
      steps: '检查编码器线缆并紧固',
      parts: [{ name: '编码器', quantity: 2, unit: '个' }],
      tools: ['万用表'],
      cause: '线缆松动',
      result: '报警消除',
    });
    await step(engineer, 'complete', { summary: '已修复' });
    await step(engineer, 'receipt', { summary: '维修完成，请验收' });
    await step(provider.admin, 'receipt/approve', { opinion: '合格' });
    // The provider's warehouse issued two encoders to the order (inventory's event, at the value they left stock).
    const issued: StockEvent = {
      type: 'StockIssueDelivered',
      data: {
        issueId: `iss-${orderId}`,
        quantity: 2,
        recipient: { kind: 'work-order', workOrderId: orderId },
        unitCostFen: 4_550,
        valueFen: 9_100,
        by: { kind: 'enterprise', enterpriseId: provider.enterpriseId, userId: provider.admin.userId },
        at: t.clock.now().toISOString(),
      },
    };
    await existingStream(`Stock-W-${orderId}:P-encoder`, [issued], { tenantIds: [provider.enterpriseId] })(
      t,
      t.app.get<EventStore>(EVENT_STORE),
    );
    await step(provider.admin, 'receipt/report');
    await step(owner.admin, 'evaluations', { score: 5, opinion: '响应很快' });
    expect((await get(owner.admin, '/api/v1/settlements', { workOrderId: orderId })).body['total']).toBe(0);
    await step(maker.admin, 'evaluations', { score: 4 });

    let listed: Res | null = null;
    for (let i = 0; i < 100; i++) {
      listed = await get(owner.admin, '/api/v1/settlements', { workOrderId: orderId });
      if (listed.body['total'] === 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed?.body).toMatchObject({ total: 1, items: [{ settlementId, workOrderId: orderId, status: 'draft' }] });

    const s = await settlement(owner.admin);
    const byId = Object.fromEntries(s.lines.map((l) => [l.lineId, l]));
    // 25 + 20 minutes worked, rounded up to 1 billable hour at the senior rate, charged to the manufacturer (in warranty).
    expect(byId['labour']).toMatchObject({ quantity: 1, amountFen: 15_000, payer: 'manufacturer', payee: 'provider' });
    expect(byId[`part:iss-${orderId}`]).toMatchObject({ quantity: 2, amountFen: 9_100, payer: 'manufacturer' });
    // About 6.7 km from the engineer's base: the ≤ 10 km band, on the equipment user.
    expect(byId['travel']).toMatchObject({ amountFen: 5_000, payer: 'equipment-user' });
    expect(byId[`expert:${helpId}`]).toMatchObject({ amountFen: 20_000, payer: 'equipment-user', payee: 'expert', payeeId: expert.userId });
    expect(byId['platform-fee']).toMatchObject({ amountFen: 1_455, payer: 'provider', payee: 'platform' });
    expect(byId['platform-fee-expert']).toMatchObject({ amountFen: 2_000, payer: 'provider' });
    expect(s.totals.byPayer).toEqual({ manufacturer: 24_100, 'equipment-user': 25_000, provider: 3_455 });
    expect(s.yourSteps).toEqual(['dispute', 'confirm']);

    expect((await get(siblingOperator, `/api/v1/settlements/${settlementId}`)).status).toBe(404);
    expect((await get(provider.admin, `/api/v1/settlements/${settlementId}`)).status).toBe(200);
  });

  it('takes a dispute from the user on its travel line, answered by the provider and upheld by the city operator', async () => {
    expect(
      ruleOf(await post(maker.admin, `/api/v1/settlements/${settlementId}/disputes`, { lineId: 'travel', reason: '不是我的' })),
    ).toEqual({ status: 403, rule: 'not-your-role' });
    expect(ruleOf(await post(owner.admin, `/api/v1/settlements/${settlementId}/disputes`, { lineId: 'travel' }))).toEqual({
      status: 400,
      rule: 'isString',
    });
    const raised = await ok(owner.admin, `/api/v1/settlements/${settlementId}/disputes`, { lineId: 'travel', reason: '距离不足 5 公里' });
    const disputeId = (raised.body['disputes'] as { disputeId: string }[])[0]!.disputeId;
    expect(ruleOf(await post(owner.admin, `/api/v1/settlements/${settlementId}/confirm`))).toEqual({ status: 409, rule: 'dispute-open' });
    await ok(provider.admin, `/api/v1/settlements/${settlementId}/disputes/${disputeId}/answer`, { answer: '按导航距离 6.7 公里' });
    expect(
      ruleOf(
        await post(siblingOperator, `/api/v1/settlements/${settlementId}/disputes/${disputeId}/arbitrate`, {
          decision: 'dismissed',
          note: 'x',
        }),
      ),
    ).toEqual({ status: 404, rule: 'exists' });
    const decided = await ok(cityOperator, `/api/v1/settlements/${settlementId}/disputes/${disputeId}/arbitrate`, {
      decision: 'upheld',
      adjustedAmountFen: 3_000,
      note: '按近距离档核减',
    });
    const lines = decided.body['lines'] as Line[];
    expect(lines.find((l) => l.lineId === 'travel')?.amountFen).toBe(3_000);
    // 5 % of 15,000 + 9,100 + 3,000 = 1,355.
    expect(lines.find((l) => l.lineId === 'platform-fee')?.amountFen).toBe(1_355);
  });

  it('is confirmed by both paying parties and paid through the payment port; a retried payment pays nothing twice', async () => {
    expect(ruleOf(await post(provider.admin, `/api/v1/settlements/${settlementId}/confirm`))).toEqual({
      status: 403,
      rule: 'not-your-role',
    });
    expect((await ok(owner.admin, `/api/v1/settlements/${settlementId}/confirm`)).body).toMatchObject({ status: 'draft' });
    expect(ruleOf(await post(owner.admin, `/api/v1/settlements/${settlementId}/pay`, { method: 'bank-transfer' }))).toEqual({
      status: 409,
      rule: 'illegal-transition',
    });
    expect((await ok(maker.admin, `/api/v1/settlements/${settlementId}/confirm`)).body).toMatchObject({ status: 'confirmed' });

    const key = randomUUID();
    const pay = (http: ReturnType<IdentityApp['http']>) =>
      http.post(`/api/v1/settlements/${settlementId}/pay`).set('Idempotency-Key', key).send({ method: 'bank-transfer' });
    const first = await apiSpec(t)
      .as(owner.admin)
      .when(pay)
      .then(
        expectResponse(
          200,
          expect.objectContaining({
            status: 'confirmed',
            payments: [
              expect.objectContaining({
                payer: 'equipment-user',
                amountFen: 23_000,
                method: 'bank-transfer',
                reference: expect.stringMatching(/^DEV-/),
              }),
            ],
          }),
        ),
        ({ newEvents }) =>
          expect(newEvents.filter((e) => e.streamId === settlementStream(settlementId)).map((e) => e.type)).toEqual([
            'SettlementPaymentRecorded',
          ]),
      );
    await apiSpec(t).as(owner.admin).when(pay).then(expectResponse(200, first.response.body), expectNoNewEvents());
    expect((await ok(maker.admin, `/api/v1/settlements/${settlementId}/pay`, { method: 'alipay' })).body).toMatchObject({ status: 'paid' });
    const sink = await get(cityOperator, '/api/v1/ledger/payment-sink');
    expect(
      (sink.body['items'] as { settlementId: string; amountFen: number }[])
        .filter((p) => p.settlementId === settlementId)
        .map((p) => p.amountFen),
    ).toEqual([24_100, 23_000]);
  });

  it('shows each party a statement that settles to zero, the expert’s fee waiting for withdrawal and the platform’s fee income', async () => {
    const statementOf = async (who: Person) =>
      ((await get(who, '/api/v1/ledger/statements')).body['accounts'] as StatementAccount[]).filter((a) => a.debitFen + a.creditFen > 0);
    expect(await statementOf(owner.admin)).toEqual([
      {
        account: `user-payable:${owner.enterpriseId}`,
        kind: 'user-payable',
        openingFen: 0,
        debitFen: 23_000,
        creditFen: 23_000,
        closingFen: 0,
      },
    ]);
    expect(await statementOf(maker.admin)).toEqual([
      {
        account: `manufacturer-payable:${maker.enterpriseId}`,
        kind: 'manufacturer-payable',
        openingFen: 0,
        debitFen: 24_100,
        creditFen: 24_100,
        closingFen: 0,
      },
    ]);
    // Owed 15,000 + 9,100 + 3,000, less 3,355 platform fees, paid out 23,745: nothing left owing.
    expect(await statementOf(provider.admin)).toEqual([
      {
        account: `provider-receivable:${provider.enterpriseId}`,
        kind: 'provider-receivable',
        openingFen: 0,
        debitFen: 3_355 + 23_745,
        creditFen: 27_100,
        closingFen: 0,
      },
    ]);
    const operatorView = ((await get(cityOperator, '/api/v1/ledger/balances')).body['accounts'] as Account[]).filter(
      (a) => a.balanceFen !== 0,
    );
    expect(Object.fromEntries(operatorView.map((a) => [a.account, a.balanceFen]))).toEqual({
      'cash:platform': 23_355,
      [`expert-receivable:${expert.userId}`]: 20_000,
      'platform-fee-income:platform': 3_355,
    });
    const entries = await get(cityOperator, '/api/v1/ledger/entries', { pageSize: '200' });
    const items = entries.body['items'] as { debitFen: number; creditFen: number }[];
    expect(items.reduce((s, l) => s + l.debitFen - l.creditFen, 0)).toBe(0);
    expect((await get(siblingOperator, '/api/v1/ledger/entries')).body['total']).toBe(0);

    const pdf = await t
      .http()
      .get('/api/v1/ledger/statements')
      .query({ format: 'pdf' })
      .set(bearer(owner.admin))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = extractPdfText(pdf.body as Buffer).pages.join('\n');
    expect(text).toContain('对账单');
    expect(text).toContain('设备用户应付');
    const xlsx = await t
      .http()
      .get('/api/v1/ledger/statements')
      .query({ format: 'xlsx' })
      .set(bearer(owner.admin))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('takes the invoice details from a payer, then is closed by the provider', async () => {
    expect(
      ruleOf(await post(owner.admin, `/api/v1/settlements/${settlementId}/invoice`, { title: '深圳用户设备有限公司', taxNumber: 'short' })),
    ).toEqual({ status: 400, rule: 'matches' });
    const invoiced = await ok(owner.admin, `/api/v1/settlements/${settlementId}/invoice`, {
      title: '深圳用户设备有限公司',
      taxNumber: '91440300MA5G9X8K1B',
      email: 'finance@example.cn',
    });
    expect(invoiced.body).toMatchObject({
      status: 'invoiced',
      invoice: { title: '深圳用户设备有限公司', taxNumber: '91440300MA5G9X8K1B' },
    });
    expect(ruleOf(await post(cityOperator, `/api/v1/settlements/${settlementId}/cancel`, { reason: '误操作' }))).toEqual({
      status: 409,
      rule: 'illegal-transition',
    });
    expect((await ok(provider.admin, `/api/v1/settlements/${settlementId}/close`)).body).toMatchObject({ status: 'closed', yourSteps: [] });
  });
});
