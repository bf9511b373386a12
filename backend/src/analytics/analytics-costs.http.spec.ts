// Cost analytics through the real HTTP stack, REST and GraphQL: three orders raised through the work-order
// API in Shenzhen's Nanshan and Guangzhou's Tianhe, their settlements in the event store (one in warranty,
// disputed and re-priced, paid by the equipment user; one cancelled; one paid). Read as Guangdong's
// operator (the whole province, one city of it), as Jiangsu's (nothing of Guangdong, even by code), as the
// provider (what it charged and earned), the equipment users (what they were charged) and the manufacturer
// (its warranty share). Bad filters answer 400 naming field and rule.
import { randomUUID } from 'node:crypto';
import type { SettlementEvent, SettlementLine } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { existingStream } from '../testing/api-specification';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';
import { settlementIdOf } from '../settlements/application/settlement-creation';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
type Totals = Record<string, number | null>;
type Costs = { totals: Totals; trend: { period: string; totals: Totals }[]; byDeviceType: { key: string; totals: Totals }[]; byFaultType: { key: string; totals: Totals }[]; byProvider: { key: string; label: string; totals: Totals }[] };
type Enterprise = { enterpriseId: string; admin: Person };

describe('cost analytics over REST and GraphQL, each party its own side', () => {
  let t: IdentityApp;
  let guangdong: Person;
  let shenzhen: Person;
  let jiangsu: Person;
  let nanshanOwner: Enterprise;
  let tianheOwner: Enterprise;
  let maker: Enterprise;
  let provider: Enterprise;
  let today: string;

  const get = (who: Person, query: Record<string, string> = {}) => t.http().get('/api/v1/analytics/costs').query(query).set(bearer(who)) as unknown as Promise<Response>;
  const costs = async (who: Person, query: Record<string, string> = {}) => {
    const res = await get(who, query);
    expect(res.status).toBe(200);
    return res.body as unknown as Costs;
  };
  const raise = async (owner: Enterprise, manufacturerId: string | null, county: string, faultType: string) => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: owner.admin.userId }, manufacturerId, county);
    const res = (await t
      .http()
      .post('/api/v1/work-orders')
      .set(bearer(owner.admin))
      .set('Idempotency-Key', randomUUID())
      .send({ deviceId, fault: { type: faultType, description: `${faultType} 报修`, attachments: [] }, priority: 'normal', contact: { name: '张工', phone: '13800138000' } })) as unknown as Response;
    if (res.status !== 201) throw new Error(`raising answered ${res.status}: ${JSON.stringify(res.body)}`);
    return String(res.body['id']);
  };
  const line = (lineId: string, kind: SettlementLine['kind'], payer: SettlementLine['payer'], payerId: string, amountFen: number): SettlementLine => ({
    lineId,
    kind,
    description: kind,
    quantity: 1,
    unitFen: amountFen,
    amountFen,
    payer,
    payerId,
    payee: kind === 'expert' ? 'expert' : kind === 'platform-fee' ? 'platform' : 'provider',
    payeeId: kind === 'expert' ? 'expert-1' : kind === 'platform-fee' ? 'platform' : provider.enterpriseId,
  });
  const settle = async (orderId: string, owner: Enterprise, manufacturerId: string | null, county: string, lines: SettlementLine[], later: SettlementEvent[]) => {
    const settlementId = settlementIdOf(orderId);
    const jurisdiction = [county, county.slice(0, 4), county.slice(0, 2), 'CN'];
    const at = t.clock.now().toISOString();
    const created: SettlementEvent = {
      type: 'SettlementCreated',
      data: {
        settlementId,
        workOrderId: orderId,
        workOrderNumber: orderId,
        scheduleId: null,
        rates: { platformFeeRateBp: 500, expertFeeRateBp: 1000 },
        parties: { equipmentUserId: owner.enterpriseId, manufacturerId, providerId: provider.enterpriseId },
        jurisdiction,
        lines,
        trigger: 'evaluated',
        at,
      },
    };
    const tenantIds = [owner.enterpriseId, provider.enterpriseId, ...(manufacturerId ? [manufacturerId] : [])];
    await existingStream(`Settlement-${settlementId}`, [created, ...later], { tenantIds, jurisdiction })(t, t.app.get<EventStore>(EVENT_STORE));
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    const root = await nationalRoot(t);
    const gd = await nodeWithAdmin(t, root.admin, '44');
    const sz = await nodeWithAdmin(t, gd.admin, '4403');
    const gz = await nodeWithAdmin(t, gd.admin, '4401');
    const js = await nodeWithAdmin(t, root.admin, '32');
    [guangdong, shenzhen, jiangsu] = [gd.admin, sz.admin, js.admin];
    nanshanOwner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    tianheOwner = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    maker = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [nanshanOwner, maker, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${tianheOwner.enterpriseId}/approve`).set(bearer(gz.admin)).send({}).expect(200);

    const at = t.clock.now().toISOString();
    const n = nanshanOwner.enterpriseId;
    // In warranty: labour and parts on the manufacturer; travel contested, upheld at 30 yuan, and the fee follows; the user paid.
    const warranty = await raise(nanshanOwner, maker.enterpriseId, '440305', 'electrical');
    await settle(
      warranty,
      nanshanOwner,
      maker.enterpriseId,
      '440305',
      [
        line('labour', 'labour', 'manufacturer', maker.enterpriseId, 20_000),
        line('parts', 'parts', 'manufacturer', maker.enterpriseId, 9_100),
        line('travel', 'travel', 'equipment-user', n, 5_000),
        line('expert', 'expert', 'equipment-user', n, 20_000),
        line('platform-fee', 'platform-fee', 'provider', provider.enterpriseId, 1_705),
        line('platform-fee-expert', 'platform-fee', 'provider', provider.enterpriseId, 2_000),
      ],
      [
        { type: 'SettlementDisputeRaised', data: { disputeId: 'd1', lineId: 'travel', enterpriseId: n, reason: '路程不足 10 公里', by: nanshanOwner.admin.userId, at } },
        {
          type: 'SettlementDisputeArbitrated',
          data: { disputeId: 'd1', lineId: 'travel', decision: 'upheld', adjustedAmountFen: 3_000, note: '按实际里程', adjustedLines: [{ lineId: 'travel', amountFen: 3_000 }, { lineId: 'platform-fee', amountFen: 1_605 }], by: shenzhen.userId, at },
        },
        { type: 'SettlementPaymentRecorded', data: { paymentId: 'p1', payers: ['equipment-user'], enterpriseId: n, amountFen: 23_000, method: 'bank-transfer', reference: 'r1', complete: false, journal: [], by: nanshanOwner.admin.userId, at } },
      ],
    );
    const cancelled = await raise(nanshanOwner, null, '440305', 'leakage');
    await settle(cancelled, nanshanOwner, null, '440305', [line('labour', 'labour', 'equipment-user', n, 10_000), line('platform-fee', 'platform-fee', 'provider', provider.enterpriseId, 500)], [
      { type: 'SettlementCancelled', data: { reason: '重复结算', journal: [], by: shenzhen.userId, at } },
    ]);
    const tianhe = await raise(tianheOwner, null, '440106', 'leakage');
    const th = tianheOwner.enterpriseId;
    await settle(tianhe, tianheOwner, null, '440106', [line('labour', 'labour', 'equipment-user', th, 8_000), line('travel', 'travel', 'equipment-user', th, 2_000), line('platform-fee', 'platform-fee', 'provider', provider.enterpriseId, 500)], [
      { type: 'SettlementPaymentRecorded', data: { paymentId: 'p2', payers: ['equipment-user'], enterpriseId: th, amountFen: 10_000, method: 'wechat-pay', reference: 'r2', complete: true, journal: [], by: tianheOwner.admin.userId, at } },
    ]);
    // An order without a settlement yet adds nothing.
    await raise(tianheOwner, null, '440106', 'electrical');
    today = new Date(Date.parse(t.clock.now().toISOString()) + 8 * 3_600_000).toISOString().slice(0, 10);
  }, 240_000);
  afterAll(() => t.close());

  it('gives the provincial operator every side of every settlement in its province, re-priced and cancelled ones replaced', async () => {
    const gd = await costs(guangdong, { granularity: 'month' });
    expect(gd.totals).toEqual({
      settlements: 2,
      cancelled: 1,
      disputes: 1,
      chargedFen: 62_100,
      labourFen: 28_000,
      travelFen: 5_000,
      partsFen: 9_100,
      expertFen: 20_000,
      platformFeeFen: 4_105,
      warrantyFen: 29_100,
      earnedFen: 37_995,
      paidFen: 33_000,
      outstandingFen: 29_100,
      cancelledFen: 10_000,
      averageFen: 31_050,
    });
    expect(gd.trend.map((p) => [p.period, p.totals.chargedFen])).toEqual([[today.slice(0, 7), 62_100]]);
    expect(gd.byFaultType.map((i) => [i.key, i.totals.chargedFen, i.totals.cancelled])).toEqual([
      ['electrical', 52_100, 0],
      ['leakage', 10_000, 1],
    ]);
    expect(gd.byDeviceType.map((i) => [i.key, i.totals.settlements])).toEqual([['air-compressor', 2]]);
    expect(gd.byProvider).toEqual([expect.objectContaining({ key: provider.enterpriseId, label: expect.any(String), totals: expect.objectContaining({ chargedFen: 62_100, earnedFen: 37_995 }) })]);
    expect((await costs(guangdong, { regionCode: '4403' })).totals).toMatchObject({ settlements: 1, cancelled: 1, chargedFen: 52_100 });
    expect((await costs(guangdong, { regionCode: '440106', faultType: 'leakage' })).totals).toMatchObject({ settlements: 1, chargedFen: 10_000, paidFen: 10_000, averageFen: 10_000 });
    expect((await costs(guangdong, { to: '2020-01-01' })).totals).toMatchObject({ settlements: 0, chargedFen: 0, averageFen: null });
    expect((await costs(shenzhen)).totals).toMatchObject({ settlements: 1, chargedFen: 52_100 });
  });

  it('gives another province nothing of Guangdong, even when asked by code or by enterprise', async () => {
    const queries: Record<string, string>[] = [{}, { regionCode: '44' }, { regionCode: '440305' }, { enterpriseId: nanshanOwner.enterpriseId }];
    for (const query of queries) {
      const js = await costs(jiangsu, query);
      expect(js.totals).toMatchObject({ settlements: 0, cancelled: 0, chargedFen: 0 });
      expect([js.trend, js.byProvider, js.byDeviceType]).toEqual([[], [], []]);
    }
    expect((await costs(shenzhen, { regionCode: '4401' })).totals).toMatchObject({ settlements: 0, chargedFen: 0 });
  });

  it('shows the provider what it charged and earned, the users what they were charged, the manufacturer its warranty share', async () => {
    expect((await costs(provider.admin)).totals).toEqual({
      settlements: 2,
      cancelled: 1,
      disputes: 1,
      chargedFen: 42_100,
      labourFen: 28_000,
      travelFen: 5_000,
      partsFen: 9_100,
      expertFen: null,
      platformFeeFen: 4_105,
      warrantyFen: 29_100,
      earnedFen: 37_995,
      paidFen: 13_000,
      outstandingFen: 29_100,
      cancelledFen: 10_000,
      averageFen: 21_050,
    });
    expect((await costs(nanshanOwner.admin)).totals).toEqual({
      settlements: 1,
      cancelled: 1,
      disputes: 1,
      chargedFen: 23_000,
      labourFen: 0,
      travelFen: 3_000,
      partsFen: 0,
      expertFen: 20_000,
      platformFeeFen: null,
      warrantyFen: null,
      earnedFen: null,
      paidFen: 23_000,
      outstandingFen: 0,
      cancelledFen: 10_000,
      averageFen: 23_000,
    });
    expect((await costs(maker.admin)).totals).toMatchObject({ settlements: 1, chargedFen: 29_100, warrantyFen: 29_100, labourFen: 20_000, partsFen: 9_100, paidFen: 0, outstandingFen: 29_100, earnedFen: null, platformFeeFen: null });
    expect((await costs(tianheOwner.admin)).totals).toMatchObject({ settlements: 1, chargedFen: 10_000, paidFen: 10_000 });
    // An enterprise naming another's id sees only the rows it is a party to.
    expect((await costs(tianheOwner.admin, { enterpriseId: nanshanOwner.enterpriseId })).totals).toMatchObject({ settlements: 0, chargedFen: 0 });
  });

  it('answers the same over GraphQL', async () => {
    const res = (await t
      .http()
      .post('/graphql')
      .set(bearer(guangdong))
      .send({ query: '{ analyticsCosts(granularity: "week", filters: { regionCode: "44" }) { totals { chargedFen averageFen } byProvider { key totals { earnedFen } } trend { period } } }' })) as unknown as Response;
    expect(res.body['errors']).toBeUndefined();
    const data = (res.body['data'] as { analyticsCosts: { totals: Totals; byProvider: { key: string; totals: Totals }[]; trend: { period: string }[] } }).analyticsCosts;
    expect(data.totals).toEqual({ chargedFen: 62_100, averageFen: 31_050 });
    expect(data.byProvider).toEqual([{ key: provider.enterpriseId, totals: { earnedFen: 37_995 } }]);
    expect(data.trend).toHaveLength(1);
    const bad = (await t.http().post('/graphql').set(bearer(guangdong)).send({ query: '{ analyticsCosts(filters: { from: "2026-02-30" }) { totals { chargedFen } } }' })) as unknown as Response;
    const refusal = (bad.body['errors'] as unknown as { message: string; extensions: { code: string; originalError?: { errors?: { field: string; rule: string }[] } } }[])[0]!;
    expect({ data: bad.body['data'], message: refusal.message, code: refusal.extensions.code }).toEqual({ data: null, message: 'Validation failed', code: 'BAD_REQUEST' });
    expect(refusal.extensions.originalError?.errors).toEqual([expect.objectContaining({ field: 'filters.from', rule: expect.any(String) })]);
  });

  it('lists the settlements behind a provider’s or a region’s bar (the board links there)', async () => {
    const list = (who: Person, query: Record<string, string>) => t.http().get('/api/v1/settlements').query(query).set(bearer(who)) as unknown as Promise<Response>;
    expect((await list(guangdong, { providerId: provider.enterpriseId })).body['total']).toBe(3);
    expect((await list(guangdong, { providerId: provider.enterpriseId, regionCode: '440106' })).body['total']).toBe(1);
    expect((await list(guangdong, { providerId: maker.enterpriseId })).body['total']).toBe(0);
    expect((await list(jiangsu, { regionCode: '44' })).body['total']).toBe(0);
    const bad = await list(guangdong, { regionCode: 'x' });
    expect({ status: bad.status, rule: bad.body.errors?.[0]?.rule, field: bad.body.errors?.[0]?.field }).toEqual({ status: 400, rule: 'matches', field: 'regionCode' });
  });

  it('refuses bad filters with 400 naming field and rule', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ from: '2026-02-30' }, 'from', 'day'],
      [{ from: '2026-12-02', to: '2026-12-01' }, 'to', 'range'],
      [{ regionCode: '4' }, 'regionCode', 'matches'],
      [{ deviceType: 'toaster' }, 'deviceType', 'isIn'],
      [{ granularity: 'year' }, 'granularity', 'isIn'],
    ];
    for (const [query, field, rule] of cases) {
      const res = await get(guangdong, query);
      expect({ status: res.status, error: res.body.errors?.find((e) => e.field === field) }).toEqual({ status: 400, error: expect.objectContaining({ field, rule }) });
    }
  });
});
