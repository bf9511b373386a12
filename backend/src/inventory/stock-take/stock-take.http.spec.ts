// Stock-taking through the real HTTP stack: a session freezes the book, two counters split the lines
// while stock keeps moving, the variance report values the differences at the frozen moving average, a
// fourth pair of eyes approves and each variance is posted once as an adjustment of its ledger; input
// refused with field and rule, a part outside the session 409, another enterprise's session 404.
import { randomUUID } from 'node:crypto';
import { stockStream, stockTakeStream } from '@kuaige/domain';
import type { EventStore } from '@kuaige/eventsourcing';
import { reactionCommandId } from '@kuaige/projections';
import { EVENT_STORE } from '../../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, withTotp, nationalRoot, nodeWithAdmin, type Person } from '../../tenancy/testing/tenancy-app';
import { STOCK_TAKE_REACTION, StockTakePosting, adjustmentsOf } from './stock-take.commands';

type Enterprise = { enterpriseId: string; admin: Person };

describe('stock-taking over HTTP', () => {
  let t: IdentityApp;
  let events: EventStore;
  let provider: Enterprise;
  let stranger: Enterprise;
  let counter: Person;
  let employee: Person;
  let warehouseId: string;
  let otherWarehouseId: string;
  const parts: Record<'bearing' | 'belt' | 'seal', string> = { bearing: '', belt: '', seal: '' };

  const api = (path: string) => `/api/v1/inventory${path}`;
  const post = (who: Person, path: string, body: object = {}, key = randomUUID()) => t.http().post(api(path)).set(bearer(who)).set('Idempotency-Key', key).send(body);
  const get = (who: Person, path: string) => t.http().get(api(path)).set(bearer(who));
  const level = async (partId: string) => (await get(provider.admin, `/stock?warehouseId=${warehouseId}&partId=${partId}`).expect(200)).body.items[0];
  const onShelf = async (partId: string, quantity: number, unitCostFen: number) => {
    const receipt = await post(provider.admin, '/receipts', { warehouseId, partId, quantity, unitCostFen }).expect(201);
    await post(provider.admin, `/receipts/${receipt.body.id}/shelve`, { acceptedQuantity: quantity }).expect(200);
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    stranger = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [provider, stranger]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    // A second administrator counts (and could approve someone else's count); a plain employee reads.
    counter = await withTotp(t, await employeeOf(t, provider, ['admin']));
    employee = await employeeOf(t, provider, ['member']);

    await post(provider.admin, '/categories', { code: 'BRG', name: '轴承' }).expect(201);
    await post(provider.admin, '/categories', { code: 'BLT', name: '皮带' }).expect(201);
    const part = async (categoryCode: string, name: string) => (await post(provider.admin, '/parts', { categoryCode, name, unit: 'pcs' }).expect(201)).body.id as string;
    parts.bearing = await part('BRG', '深沟球轴承');
    parts.seal = await part('BRG', '油封');
    parts.belt = await part('BLT', '同步带');
    warehouseId = (await post(provider.admin, '/warehouses', { name: '深圳中心仓', kind: 'central' }).expect(201)).body.id;
    otherWarehouseId = (await post(stranger.admin, '/warehouses', { name: '别家仓', kind: 'central' }).expect(201)).body.id;
    // Bearings: 3 at 10.00 and 1 at 15.00 (average 11.25); seals 5 at 2.00; belts 2 at 30.00.
    await onShelf(parts.bearing, 3, 1000);
    await onShelf(parts.bearing, 1, 1500);
    await onShelf(parts.seal, 5, 200);
    await onShelf(parts.belt, 2, 3000);
  }, 240_000);
  afterAll(() => t.close());

  it('freezes the book, takes counts from two counters while stock moves, values the variance and posts it once after a fourth-eyes approval', async () => {
    const opened = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BRG', note: '12 月轴承盘点' }).expect(201);
    const id = opened.body.id as string;
    expect(opened.body).toEqual(expect.objectContaining({ status: 'open', warehouseName: '深圳中心仓', categoryCode: 'BRG', lineCount: 2, countedCount: 0, yourSteps: ['count', 'cancel'] }));
    expect(opened.body.lines.map((l: { partId: string; bookQuantity: number; averageCostFen: number }) => [l.partId, l.bookQuantity, l.averageCostFen])).toEqual(
      expect.arrayContaining([
        [parts.bearing, 4, 1125],
        [parts.seal, 5, 200],
      ]),
    );

    // Stock keeps moving while people count: one more bearing arrives; the book stays frozen.
    await onShelf(parts.bearing, 1, 1125);
    await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.bearing, countedQuantity: 6 }] }).expect(200);
    const second = await post(provider.admin, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.seal, countedQuantity: 3 }] }).expect(200);
    expect(second.body).toEqual(expect.objectContaining({ status: 'counting', countedCount: 2 }));
    const bearingLine = second.body.lines.find((l: { partId: string }) => l.partId === parts.bearing);
    // Counted 6 against a frozen 4: +2 at 11.25; one of the six came in during the count.
    expect(bearingLine).toEqual(expect.objectContaining({ bookQuantity: 4, countedQuantity: 6, variance: 2, varianceValueFen: 2250, movedDuringCount: 1, countedBy: counter.userId }));
    expect(second.body.totals).toEqual({ linesWithVariance: 2, gainQuantity: 2, lossQuantity: 2, gainValueFen: 2250, lossValueFen: 400, netValueFen: 1850 });

    // The scanner's search: a part-code prefix finds the line; the variance filter leaves out the rest.
    const code = bearingLine.partCode as string;
    const searched = await get(counter, `/stock-takes/${id}?q=${encodeURIComponent(code.slice(0, code.length - 1))}`).expect(200);
    expect(searched.body.lines.map((l: { partId: string }) => l.partId)).toContain(parts.bearing);
    expect((await get(counter, `/stock-takes/${id}?q=${encodeURIComponent(code)}`).expect(200)).body.lines).toHaveLength(1);

    await post(counter, `/stock-takes/${id}/submit`).expect(200);
    // Both admins counted: neither may approve their own count.
    const own = await post(counter, `/stock-takes/${id}/approve`).expect(403);
    expect(own.body.errors).toEqual([expect.objectContaining({ field: 'by', rule: 'four-eyes' })]);
    await post(provider.admin, `/stock-takes/${id}/approve`).expect(403);
    const noRight = await post(employee, `/stock-takes/${id}/approve`).expect(403);
    expect(noRight.body.errors[0].rule).toBe('permission');
    const streamBefore = await events.readStream(stockTakeStream(id));
    expect(streamBefore.map((e) => e.type)).toEqual(['StockTakeOpened', 'StockCounted', 'StockCounted', 'StockTakeSubmitted']);
    // A third administrator, who counted nothing, approves.
    const approver = await withTotp(t, await employeeOf(t, provider, ['admin']));
    expect((await get(approver, `/stock-takes/${id}`).expect(200)).body.yourSteps).toEqual(['approve', 'cancel']);
    const approved = await post(approver, `/stock-takes/${id}/approve`, { note: '已复核' }).expect(200);
    expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', approvedBy: approver.userId, yourSteps: [] }));
    expect(approved.body.lines.find((l: { partId: string }) => l.partId === parts.seal).posting).toEqual({ adjustmentId: expect.stringMatching(new RegExp(`^${id}-BRG-`)), delta: -2, valueFen: -400 });

    // The ledger corrected: bearings 5 on hand + 2 found = 7; seals 5 − 2 = 3.
    expect(await level(parts.bearing)).toEqual(expect.objectContaining({ onHand: 7 }));
    expect(await level(parts.seal)).toEqual(expect.objectContaining({ onHand: 3, valueFen: 600 }));
    const ledger = await get(provider.admin, `/movements?documentId=${id}-${code}`).expect(200);
    expect(ledger.body.items).toEqual([expect.objectContaining({ type: 'StockAdjusted', onHandDelta: 2, note: `stock-take:${id}` })]);

    // Replaying the approval through the durable reaction's handler appends nothing more.
    const approvedEvent = (await events.readStream(stockTakeStream(id))).find((e) => e.type === 'StockTakeApproved')!;
    const posting = t.app.get(StockTakePosting);
    const commands = adjustmentsOf(approvedEvent as never);
    for (const [i, c] of commands.entries()) {
      const receipt = await posting.post(c, { commandId: reactionCommandId(STOCK_TAKE_REACTION, approvedEvent.eventId, i), actor: { userId: 'system:inventory' }, tenantIds: [], jurisdiction: [] });
      expect(receipt.duplicate).toBe(true);
    }
    const sealLedger = await events.readStream(stockStream(warehouseId, parts.seal));
    expect(sealLedger.filter((e) => e.type === 'StockAdjusted')).toHaveLength(1);

    // A ledger that refuses a posting (the stock left in between) gets the refusal recorded on the
    // session, once; a replay of that posting appends nothing anywhere.
    const [first] = commands;
    const impossible = { ...first!, data: { ...first!.data, partId: parts.seal, adjustmentId: `${id}-impossible`, delta: -1000 } };
    const refusalContext = { commandId: reactionCommandId(STOCK_TAKE_REACTION, approvedEvent.eventId, 99), actor: { userId: 'system:inventory' }, tenantIds: [], jurisdiction: [] };
    expect((await posting.post(impossible, refusalContext)).duplicate).toBe(false);
    expect((await posting.post(impossible, refusalContext)).duplicate).toBe(true);
    const session = await events.readStream(stockTakeStream(id));
    expect(session.filter((e) => e.type === 'StockTakeAdjustmentRefused').map((e) => (e.data as { rule: string }).rule)).toEqual(['insufficient-stock']);
    expect((await events.readStream(stockStream(warehouseId, parts.seal))).filter((e) => e.type === 'StockAdjusted')).toHaveLength(1);

    // Finished: no more counts, no cancelling.
    expect((await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.seal, countedQuantity: 1 }] }).expect(409)).body.errors[0].rule).toBe('stock-take-state');
    await post(counter, `/stock-takes/${id}/cancel`, { reason: '晚了' }).expect(409);
  });

  it('lists sessions newest first without their lines, filtered by status', async () => {
    const opened = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BLT' }).expect(201);
    const list = await get(counter, '/stock-takes?status=open').expect(200);
    expect(list.body.items[0]).toEqual(expect.objectContaining({ id: opened.body.id, status: 'open', lineCount: 1 }));
    expect(list.body.items[0].lines).toBeUndefined();
    expect((await get(counter, '/stock-takes?status=approved').expect(200)).body.items.every((s: { status: string }) => s.status === 'approved')).toBe(true);
    await post(employee, `/stock-takes/${opened.body.id}/counts`, { counts: [{ partId: parts.belt, countedQuantity: 2 }] }).expect(403);
    await get(employee, '/stock-takes').expect(403);
    const cancelled = await post(counter, `/stock-takes/${opened.body.id}/cancel`, { reason: '改天再盘' }).expect(200);
    expect(cancelled.body).toEqual(expect.objectContaining({ status: 'cancelled', cancelReason: '改天再盘' }));
  });

  it('refuses a part not frozen in the session (409), an unfinished count (409), and bad input naming field and rule (400)', async () => {
    const id = (await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BRG' }).expect(201)).body.id as string;
    const outside = await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.belt, countedQuantity: 1 }] }).expect(409);
    expect(outside.body.errors).toEqual([expect.objectContaining({ field: 'counts.0.partId', rule: 'part-not-in-session' })]);
    await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.seal, countedQuantity: 3 }] }).expect(200);
    const early = await post(counter, `/stock-takes/${id}/submit`).expect(409);
    expect(early.body.errors[0].rule).toBe('lines-uncounted');

    const fraction = await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.seal, countedQuantity: 1.5 }] }).expect(400);
    expect(fraction.body.errors).toEqual([expect.objectContaining({ field: 'counts.0.countedQuantity', rule: 'isInt' })]);
    const negative = await post(counter, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.seal, countedQuantity: -1 }] }).expect(400);
    expect(negative.body.errors).toEqual([expect.objectContaining({ field: 'counts.0.countedQuantity', rule: 'min' })]);
    const empty = await post(counter, `/stock-takes/${id}/counts`, { counts: [] }).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'counts', rule: 'arrayMinSize' })]);
    const noWarehouse = await post(counter, '/stock-takes', {}).expect(400);
    expect(noWarehouse.body.errors).toEqual([expect.objectContaining({ field: 'warehouseId' })]);
    const badCategory = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'brg' }).expect(400);
    expect(badCategory.body.errors).toEqual([expect.objectContaining({ field: 'categoryCode', rule: 'matches' })]);
    const nothing = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'ZZ' }).expect(422);
    expect(nothing.body.errors).toEqual([expect.objectContaining({ field: 'warehouseId', rule: 'nothing-to-count' })]);
  });

  it('answers 404 for another enterprise’s session or warehouse and changes nothing', async () => {
    const id = (await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BLT' }).expect(201)).body.id as string;
    const before = await events.readStream(stockTakeStream(id));
    await get(stranger.admin, `/stock-takes/${id}`).expect(404);
    await post(stranger.admin, `/stock-takes/${id}/counts`, { counts: [{ partId: parts.belt, countedQuantity: 9 }] }).expect(404);
    await post(stranger.admin, `/stock-takes/${id}/cancel`, { reason: '捣乱' }).expect(404);
    await post(stranger.admin, `/stock-takes/${id}/approve`).expect(404);
    expect(await events.readStream(stockTakeStream(id))).toHaveLength(before.length);
    const foreign = await post(counter, '/stock-takes', { warehouseId: otherWarehouseId }).expect(404);
    expect(foreign.body.errors[0].field).toBe('warehouseId');
    expect((await get(stranger.admin, '/stock-takes').expect(200)).body.items).toEqual([]);
  });

  it('answers a retried open (same Idempotency-Key) with the same session and book', async () => {
    const key = randomUUID();
    const first = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BLT' }, key).expect(201);
    await onShelf(parts.belt, 1, 3000);
    const again = await post(counter, '/stock-takes', { warehouseId, categoryCode: 'BLT' }, key).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.lines[0].bookQuantity).toBe(first.body.lines[0].bookQuantity);
    expect(await events.readStream(stockTakeStream(first.body.id))).toHaveLength(1);
  });
});
