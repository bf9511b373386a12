// Stock-taking through the console, in Chinese: a second administrator of the provider opens a count
// session of the central warehouse on a phone (390 px), finds each part by typing its code, enters the
// counts — one bearing short — and submits; the first administrator, who counted nothing, approves on a
// desktop, and the adjustment shows in the movement ledger and the corrected stock level.
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { actFor, bearer, enrolTotp, person, type Person } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

let cast: Cast;
let counter: Person;
let bearingCode: string;
let sealCode: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<Json> => {
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
};

const choose = async (page: Page, testId: string, option: string | RegExp) => {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
};

test.describe('stock-taking', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    cast = await castOf(request, stamp);
    const admin = { headers: bearer(cast.provider.admin.token) };
    // A second administrator counts; the first approves (four eyes).
    counter = await person(request, `137${stamp}1`, '王仓管', 1);
    await ok(await request.post(`/api/v1/enterprises/${cast.provider.id}/join-requests`, { headers: bearer(counter.token), data: {} }));
    const requested = await ok(await request.get(`/api/v1/enterprises/${cast.provider.id}/members?status=requested`, admin));
    const counterId = (requested.items as { userId: string }[])[0]!.userId;
    await ok(await request.post(`/api/v1/enterprises/${cast.provider.id}/members/${counterId}/approve`, { ...admin, data: { roles: ['admin'] } }));
    await enrolTotp(request, counter);
    await actFor(request, counter, cast.provider.name);

    await ok(await request.post('/api/v1/inventory/categories', { ...admin, data: { code: 'STK', name: '盘点件' } }));
    const bearing = await ok(await request.post('/api/v1/inventory/parts', { ...admin, data: { categoryCode: 'STK', name: '深沟球轴承', unit: 'pcs' } }));
    const seal = await ok(await request.post('/api/v1/inventory/parts', { ...admin, data: { categoryCode: 'STK', name: '骨架油封', unit: 'pcs' } }));
    bearingCode = bearing.code;
    sealCode = seal.code;
    const warehouse = await ok(await request.post('/api/v1/inventory/warehouses', { ...admin, data: { name: '盘点中心仓', kind: 'central' } }));
    for (const [part, quantity, unitCostFen] of [
      [bearing.id, 10, 1250],
      [seal.id, 4, 300],
    ] as const) {
      const receipt = await ok(await request.post('/api/v1/inventory/receipts', { ...admin, data: { warehouseId: warehouse.id, partId: part, quantity, unitCostFen } }));
      await ok(await request.post(`/api/v1/inventory/receipts/${receipt.id}/shelve`, { ...admin, data: { acceptedQuantity: quantity } }));
    }
  });

  test('open on a phone, count with a variance, submit; approved by another admin; the ledger and level corrected', async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const phone = await consoleFor(browser, baseURL!, counter, cast.provider.name, PHONE);
    await phone.goto('/inventory/stock-takes');
    await choose(phone, 'stock-take-warehouse', '盘点中心仓');
    await choose(phone, 'stock-take-category', /STK · 盘点件/);
    await phone.getByTestId('stock-take-note').fill('月末盘点');
    await phone.getByTestId('stock-take-open-submit').click();
    await expect(phone.getByTestId('stock-take-status')).toHaveText('已发起');
    await expect(phone.getByTestId('stock-take-progress')).toHaveText('0 / 2');

    // The scanner types the code and Enter: the line's count field takes the focus.
    await phone.getByTestId('stock-take-search').fill(bearingCode);
    await phone.getByTestId('stock-take-search').press('Enter');
    await expect(phone.getByTestId(`count-${bearingCode}`)).toBeFocused();
    await expect(phone.getByTestId(`line-${sealCode}`)).toHaveCount(0);
    await phone.getByTestId(`count-${bearingCode}`).fill('9');
    await phone.getByTestId(`save-${bearingCode}`).click();
    await expect(phone.getByTestId(`line-${bearingCode}`).getByTestId('line-variance')).toContainText('-1');
    await expect(phone.getByTestId(`line-${bearingCode}`).getByTestId('line-variance')).toContainText('-¥12.50');
    await phone.getByTestId('stock-take-search').fill('');
    await phone.getByTestId(`count-${sealCode}`).fill('4');
    await phone.getByTestId(`count-${sealCode}`).press('Enter');
    await expect(phone.getByTestId('stock-take-progress')).toHaveText('2 / 2');
    await expect(phone.getByTestId('stock-take-net')).toHaveText('-¥12.50');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(phone, 'stock-take-count-phone');
    await phone.getByTestId('stock-take-submit').click();
    await expect(phone.getByTestId('stock-take-status')).toHaveText('待审批');
    // Who counted may not approve.
    await expect(phone.getByTestId('stock-take-approve')).toHaveCount(0);
    await expect(phone.getByTestId('stock-take-four-eyes')).toBeVisible();
    const sessionUrl = phone.url();
    await phone.getByTestId('stock-take-back').click();
    await expect(phone.getByTestId('stock-takes')).toContainText('待审批');
    expect(await pageWidth(phone)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(phone, 'stock-take-list-phone');

    const desk = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, DESKTOP);
    await desk.goto('/inventory/stock-takes');
    await expect(desk.getByTestId('stock-takes')).toContainText('待审批');
    await desk.goto(new URL(sessionUrl).pathname);
    await desk.getByTestId('stock-take-lines-variance').click();
    await expect(desk.getByTestId(`line-${sealCode}`)).toHaveCount(0);
    await saveScreenshot(desk, 'stock-take-report-desktop');
    await desk.getByTestId('stock-take-approve').click();
    await expect(desk.getByTestId('stock-take-status')).toHaveText('已审批过账');
    await expect(desk.getByTestId(`line-${bearingCode}`).getByTestId('line-posted')).toContainText('-¥12.50');

    // The movement ledger shows the adjustment; the level is 9 on hand.
    await desk.getByTestId('tab-movements').click();
    await expect(desk.getByTestId('ledger')).toContainText(bearingCode);
    await expect(desk.getByTestId('ledger')).toContainText('stock-take:');
    await desk.getByTestId('tab-stock').click();
    await expect(desk.getByTestId('stock-levels')).toContainText(bearingCode);
    const row = desk.getByTestId('stock-levels').getByRole('row', { name: new RegExp(bearingCode) });
    await expect(row).toContainText('9');
    await saveScreenshot(desk, 'stock-take-ledger-desktop');
  });
});
