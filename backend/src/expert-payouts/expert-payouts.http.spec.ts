// Expert remuneration and withdrawals (SET-4, EXP-3) through the real HTTP stack: a closed help credits
// the expert once, through the durable reaction; the expert asks to withdraw within the operators'
// rules; an operator of the expert's jurisdiction approves and the payment sink pays once.
import { randomUUID } from 'node:crypto';
import { expertPayoutStream, journalStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { expertHelpWorld, type ExpertHelpWorld } from '../expert-help/testing/expert-help-world';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from '../tenancy/testing/tenancy-app';
import { DevelopmentPayoutSink } from './application/payout-provider';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[]; items?: Record<string, unknown>[] } };

const eventually = async <T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('expert payouts over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let w: ExpertHelpWorld;
  let otherProvince: Person;
  let enterpriseAdmin: Person;
  let notAnExpert: Person;
  const payee = { method: 'bank-transfer', accountName: '何专家', accountNumber: '6222020200001234567' };

  const send = (method: 'post' | 'put', who: Person, path: string, body: object = {}, key: string = randomUUID()): Promise<Response> =>
    t.http()[method](path).set(bearer(who)).set('Idempotency-Key', key).send(body) as unknown as Promise<Response>;
  const post = (who: Person, path: string, body: object = {}, key?: string) => send('post', who, path, body, key);
  const get = (who: Person, path: string): Promise<Response> => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const ruleOf = (res: Response) => ({ status: res.status, field: res.body.errors?.[0]?.field, rule: res.body.errors?.[0]?.rule });
  const typesOf = async (stream: string) => (await events.readStream(stream)).map((e) => e.type);

  /** An order on the world's device, started by its engineer. */
  const orderInProgress = async (): Promise<string> => {
    const created = await post(w.owner.admin, '/api/v1/work-orders', { deviceId: w.deviceId, fault: { type: 'electrical', description: '主轴报警 ALM-401，复位后又出现' }, priority: 'high', contact: { name: '张工', phone: '13800138000' } });
    const id = String(created.body['id']);
    const step = async (who: Person, name: string, body: object = {}) => expect((await post(who, `/api/v1/work-orders/${id}/${name}`, body)).status).toBeLessThan(300);
    // A second open order on the device waits for the operator's review.
    if (created.body['status'] === 'submitted') await step(w.cityOperator, 'review', { decision: 'approve', opinion: '同意' });
    await step(w.cityOperator, 'dispatch', { providerId: w.provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: w.provider.enterpriseId } });
    await step(w.provider.admin, 'accept');
    await step(w.provider.admin, 'assign', { engineerId: w.engineer.userId });
    await step(w.engineer, 'engineer-accept');
    await step(w.engineer, 'start');
    return id;
  };

  const closedHelp = async (): Promise<string> => {
    const orderId = await orderInProgress();
    const created = await post(w.engineer, `/api/v1/work-orders/${orderId}/expert-help`, { expertId: w.expert.userId, fieldCode: '数控系统', question: '主轴报警 ALM-401' });
    const helpId = String(created.body['id']);
    expect((await post(w.expert, `/api/v1/expert-help/${helpId}/accept`)).status).toBe(200);
    expect((await post(w.expert, `/api/v1/expert-help/${helpId}/close`, { summary: '更换编码器电缆' })).status).toBe(200);
    return helpId;
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    w = await expertHelpWorld(t);
    const root = await nationalRoot(t);
    otherProvince = (await nodeWithAdmin(t, root.admin, '11')).admin;
    enterpriseAdmin = (await enterpriseWithAdmin(t, '440305', 'service-provider')).admin;
    notAnExpert = await signUp(t);
  }, 240_000);
  afterAll(() => t.close());

  it('credits each closed help once, at the expert’s tariff in fen', async () => {
    await closedHelp();
    await closedHelp();
    const account = await eventually(async () => {
      const res = await get(w.expert, '/api/v1/me/expert-account');
      return res.body['helps'] === 2 && res;
    }, 'two credited helps');
    expect(account.body).toMatchObject({ earnedFen: 40_000, availableFen: 40_000, paidFen: 0, rules: { divisionCode: null, minimumFen: 100, monthlyMaximumFen: null } });
    const earnings = await get(w.expert, '/api/v1/me/expert-account/earnings');
    expect(earnings.body).toMatchObject({ total: 2, items: [{ grossFen: 20_000, platformFeeFen: 0, netFen: 20_000, platformFeeRateBp: null }, { netFen: 20_000 }] });
    expect((await typesOf(expertPayoutStream(w.expert.userId))).filter((type) => type === 'ExpertEarningCredited')).toHaveLength(2);
    expect((await get(notAnExpert, '/api/v1/me/expert-account')).body).toMatchObject({ earnedFen: 0, availableFen: 0 });
  });

  it('lets operators of the expert’s jurisdiction set the rules, refusing bad ones by field and rule', async () => {
    expect(ruleOf(await send('put', w.cityOperator, '/api/v1/expert-withdrawal-rules', { minimumFen: 0, monthlyMaximumFen: null }))).toMatchObject({ status: 400, field: 'minimumFen' });
    expect(ruleOf(await send('put', w.cityOperator, '/api/v1/expert-withdrawal-rules', { minimumFen: 5_000, monthlyMaximumFen: 'lots' }))).toMatchObject({ status: 400, field: 'monthlyMaximumFen' });
    expect(ruleOf(await send('put', w.cityOperator, '/api/v1/expert-withdrawal-rules', { minimumFen: 5_000, monthlyMaximumFen: 4_000 }))).toEqual({ status: 422, field: 'monthlyMaximumFen', rule: 'at-least-minimum' });
    expect(ruleOf(await send('put', enterpriseAdmin, '/api/v1/expert-withdrawal-rules', { minimumFen: 5_000, monthlyMaximumFen: 30_000 }))).toEqual({ status: 403, field: 'permission', rule: 'permission' });
    const set = await send('put', w.cityOperator, '/api/v1/expert-withdrawal-rules', { minimumFen: 5_000, monthlyMaximumFen: 30_000 });
    expect(set).toMatchObject({ status: 200, body: { divisionCode: '4403', minimumFen: 5_000, monthlyMaximumFen: 30_000 } });
    expect((await get(w.expert, '/api/v1/me/expert-account')).body['rules']).toEqual({ divisionCode: '4403', minimumFen: 5_000, monthlyMaximumFen: 30_000 });
    // Another province's rules do not reach an expert in Shenzhen.
    expect((await send('put', otherProvince, '/api/v1/expert-withdrawal-rules', { minimumFen: 1, monthlyMaximumFen: null })).status).toBe(200);
    expect((await get(w.expert, '/api/v1/me/expert-account')).body['rules']).toMatchObject({ divisionCode: '4403' });
  });

  it('takes a withdrawal within the balance and the rules; more than is available is 409, bad input 400/422 by field', async () => {
    expect(ruleOf(await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 10.5, payee }))).toMatchObject({ status: 400, field: 'amountFen' });
    expect(ruleOf(await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 10_000, payee: { ...payee, method: 'cash' } }))).toMatchObject({ status: 400, field: 'payee.method' });
    expect(ruleOf(await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 4_999, payee }))).toEqual({ status: 422, field: 'amountFen', rule: 'minimum' });
    expect(ruleOf(await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 40_001, payee }))).toEqual({ status: 409, field: 'amountFen', rule: 'insufficient-balance' });
    expect(ruleOf(await post(notAnExpert, '/api/v1/me/expert-account/withdrawals', { amountFen: 5_000, payee }))).toEqual({ status: 409, field: 'amountFen', rule: 'insufficient-balance' });
    const key = randomUUID();
    const first = await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 25_000, payee }, key);
    expect(first).toMatchObject({ status: 201, body: { amountFen: 25_000, status: 'requested', payee: { method: 'bank-transfer', accountName: '何专家', accountNumberMasked: '6222 **** 4567' } } });
    expect(JSON.stringify(first.body)).not.toContain('6222020200001234567');
    const again = await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 25_000, payee }, key);
    expect(again.body['withdrawalId']).toBe(first.body['withdrawalId']);
    expect(ruleOf(await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 10_000, payee }))).toEqual({ status: 409, field: 'amountFen', rule: 'monthly-maximum' });
    expect((await get(w.expert, '/api/v1/me/expert-account')).body).toMatchObject({ requestedFen: 25_000, availableFen: 15_000 });
  });

  it('lets an operator of the expert’s jurisdiction approve and pay once; others see nothing and change nothing', async () => {
    const queue = await get(w.cityOperator, '/api/v1/expert-withdrawals?status=requested');
    expect(queue.body).toMatchObject({ total: 1, items: [{ expertId: w.expert.userId, amountFen: 25_000 }] });
    const withdrawalId = String(queue.body.items?.[0]?.['withdrawalId']);
    const path = `/api/v1/expert-withdrawals/${withdrawalId}`;
    expect((await get(otherProvince, '/api/v1/expert-withdrawals')).body).toMatchObject({ total: 0 });
    const before = await typesOf(expertPayoutStream(w.expert.userId));
    expect(ruleOf(await post(otherProvince, `${path}/approve`))).toEqual({ status: 404, field: 'withdrawalId', rule: 'exists' });
    expect(ruleOf(await post(enterpriseAdmin, `${path}/approve`))).toEqual({ status: 403, field: 'permission', rule: 'permission' });
    expect(ruleOf(await post(w.expert, `${path}/approve`))).toMatchObject({ status: 403 });
    expect(await typesOf(expertPayoutStream(w.expert.userId))).toEqual(before);

    const key = randomUUID();
    const paid = await post(w.cityOperator, `${path}/approve`, {}, key);
    expect(paid).toMatchObject({ status: 200, body: { status: 'paid', paymentReference: `dev-${withdrawalId}` } });
    expect((await post(w.cityOperator, `${path}/approve`, {}, key)).body['status']).toBe('paid');
    expect(ruleOf(await post(w.cityOperator, `${path}/reject`, { reason: '晚了' }))).toEqual({ status: 409, field: 'status', rule: 'illegal-transition' });
    expect(t.app.get(DevelopmentPayoutSink).sent()).toEqual([{ withdrawalId, expertId: w.expert.userId, amountFen: 25_000, method: 'bank-transfer', accountName: '何专家', accountNumber: '6222020200001234567' }]);
    expect((await typesOf(expertPayoutStream(w.expert.userId))).slice(before.length)).toEqual(['ExpertWithdrawalApproved', 'ExpertWithdrawalPaid']);
    expect((await get(w.expert, '/api/v1/me/expert-account')).body).toMatchObject({ paidFen: 25_000, requestedFen: 0, approvedFen: 0, availableFen: 15_000 });
    // The payout is posted to the ledger once: the expert's receivable against the platform's cash.
    const journal = await events.readStream(journalStream(`expert-withdrawal:${withdrawalId}:payout`));
    expect(journal.map((e) => [e.type, (e.data as { lines: unknown }).lines])).toEqual([
      [
        'JournalEntryPosted',
        [
          { account: `expert-receivable:${w.expert.userId}`, debitFen: 25_000, creditFen: 0 },
          { account: 'cash:platform', debitFen: 0, creditFen: 25_000 },
        ],
      ],
    ]);
  });

  it('rejects with a reason, which frees the amount again', async () => {
    await send('put', w.cityOperator, '/api/v1/expert-withdrawal-rules', { minimumFen: 5_000, monthlyMaximumFen: null });
    const requested = await post(w.expert, '/api/v1/me/expert-account/withdrawals', { amountFen: 15_000, payee });
    const path = `/api/v1/expert-withdrawals/${String(requested.body['withdrawalId'])}`;
    expect(ruleOf(await post(w.cityOperator, `${path}/reject`, { reason: '' }))).toMatchObject({ status: 400, field: 'reason' });
    expect((await post(w.cityOperator, `${path}/reject`, { reason: '收款账户与实名不符' })).body).toMatchObject({ status: 'rejected', reason: '收款账户与实名不符' });
    expect((await get(w.expert, '/api/v1/me/expert-account')).body).toMatchObject({ availableFen: 15_000 });
    expect((await get(w.expert, '/api/v1/me/expert-account/withdrawals')).body).toMatchObject({ total: 2, items: [{ status: 'rejected' }, { status: 'paid' }] });
  });
});
