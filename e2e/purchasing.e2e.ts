// Purchasing through the console, in Chinese: the provider's warehouse manager sets a part's minimum;
// the stock falls below it and one purchase request appears (raised by the durable reaction); the
// request's amount needs two levels — the manager approves the first from their inbox, the admin the
// second — then the admin places the order and receives it in two deliveries, and the stock is up by
// what arrived. Desktop and phone width, with screenshots; on a phone nothing scrolls sideways.
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { actFor, bearer, person, type Person } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

let cast: Cast;
let manager: Person;
let warehouseId: string;
let partId: string;

const ok = async <T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> => {
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as T;
};

const choose = async (page: Page, testId: string, option: string | RegExp) => {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
};

test.describe('purchasing', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    cast = await castOf(request, stamp);
    const admin = { headers: bearer(cast.provider.admin.token) };
    // A warehouse manager joins the provider.
    manager = await person(request, `1397${stamp}`, '仓库管理员周', 1);
    await ok(await request.post(`/api/v1/enterprises/${cast.provider.id}/join-requests`, { headers: bearer(manager.token), data: {} }));
    const requested = await ok<{ items: { userId: string }[] }>(await request.get(`/api/v1/enterprises/${cast.provider.id}/members?status=requested`, admin));
    await ok(await request.post(`/api/v1/enterprises/${cast.provider.id}/members/${requested.items[0]!.userId}/approve`, { ...admin, data: { roles: ['warehouse-manager'] } }));
    await actFor(request, manager, cast.provider.name);
    // The catalogue, the warehouse and ten bearings on the shelf.
    await ok(await request.post('/api/v1/inventory/categories', { ...admin, data: { code: 'BRG', name: '轴承' } }));
    partId = (await ok<{ id: string }>(await request.post('/api/v1/inventory/parts', { ...admin, data: { categoryCode: 'BRG', name: '深沟球轴承', unit: 'pcs', suppliers: [{ name: '人本轴承', priceFen: 1250 }] } }))).id;
    warehouseId = (await ok<{ id: string }>(await request.post('/api/v1/inventory/warehouses', { ...admin, data: { name: '深圳中心仓', kind: 'central' } }))).id;
    const receipt = await ok<{ id: string }>(await request.post('/api/v1/inventory/receipts', { ...admin, data: { warehouseId, partId, quantity: 10, unitCostFen: 1250 } }));
    await ok(await request.post(`/api/v1/inventory/receipts/${receipt.id}/shelve`, { ...admin, data: { acceptedQuantity: 10 } }));
    // Up to ¥100 one level (a warehouse manager); above, a second level by the admin.
    await ok(
      await request.put('/api/v1/purchasing/approval-chain', {
        ...admin,
        data: { bands: [{ upToFen: 10000, levels: [{ roles: ['warehouse-manager'] }] }, { upToFen: null, levels: [{ roles: ['warehouse-manager'] }, { roles: ['admin'] }] }] },
      }),
    );
  });

  test('threshold → low stock → one request → two-level approval → order → receipts → stock up; phone width', async ({ browser, baseURL, request }) => {
    test.setTimeout(300_000);
    const keeper = await consoleFor(browser, baseURL!, manager, cast.provider.name, DESKTOP);
    await keeper.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '采购', exact: true }).click();
    await expect(keeper.getByRole('heading', { level: 1, name: '采购' })).toBeVisible();

    // The minimum: 5 in the central warehouse, reorder 20.
    await choose(keeper, 'threshold-warehouse', '深圳中心仓');
    await choose(keeper, 'threshold-part', /BRG-0001/);
    await keeper.getByTestId('threshold-minimum').fill('5');
    await keeper.getByTestId('threshold-reorder').fill('20');
    await keeper.getByTestId('threshold-submit').click();
    const thresholds = keeper.getByTestId('thresholds');
    await expect(thresholds).toContainText('BRG-0001');
    await expect(thresholds).toContainText('10 / 下限 5');

    // Six bearings go: 4 left, below the minimum.
    await ok(await request.post('/api/v1/inventory/adjustments', { headers: bearer(cast.provider.admin.token), data: { warehouseId, partId, delta: -6, reason: '报损' } }));
    await keeper.getByTestId('show-low').click();
    await expect(async () => {
      await keeper.reload();
      await expect(keeper.getByTestId('thresholds').getByTestId('alert-request')).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(keeper.getByTestId('thresholds')).toContainText('4 / 下限 5');
    await saveScreenshot(keeper, 'purchasing-low-stock-desktop');

    // The manager's inbox: the request, 20 × ¥12.50 = ¥250.00, at level 1 of 2.
    await keeper.getByTestId('tab-requests').click();
    const inbox = keeper.getByTestId('requests');
    await expect(inbox.getByRole('row')).toHaveCount(2);
    await expect(inbox).toContainText('低库存');
    await expect(inbox).toContainText('¥250.00');
    await expect(inbox).toContainText('第 1/2 级');
    await inbox.getByTestId('request-open').click();
    await keeper.getByTestId('request-approve').click();
    await expect(keeper.getByText('没有待您审批的申请')).toBeVisible();
    await saveScreenshot(keeper, 'purchasing-requests-desktop');

    // The admin's inbox holds the second level; approved, it is ordered at the agreed price.
    const admin = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, DESKTOP);
    await admin.goto('/purchasing/requests');
    const adminInbox = admin.getByTestId('requests');
    await expect(adminInbox).toContainText('第 2/2 级');
    await adminInbox.getByTestId('request-open').click();
    await admin.getByTestId('request-approve').click();
    await expect(admin.getByTestId('order-form')).toBeVisible();
    await admin.getByTestId('order-supplier').fill('人本轴承');
    await admin.getByTestId('order-price-0').fill('12.00');
    await admin.getByTestId('order-submit').click();
    await admin.getByTestId('view-all').click();
    await expect(admin.getByTestId('requests')).toContainText('已下单');

    // Two deliveries: 8, then the remaining 12.
    await admin.getByTestId('tab-orders').click();
    const orders = admin.getByTestId('orders');
    await expect(orders).toContainText('人本轴承');
    await expect(orders).toContainText('¥240.00');
    await orders.getByTestId('order-receive').click();
    await admin.getByTestId('receive-quantity-0').fill('8');
    await admin.getByTestId('receive-submit').click();
    await expect(orders).toContainText('部分到货');
    await expect(orders).toContainText('已到货 8/20');
    await saveScreenshot(admin, 'purchasing-orders-desktop');
    await admin.getByTestId('receive-quantity-0').fill('12');
    await admin.getByTestId('receive-submit').click();
    await expect(orders).toContainText('已到齐');

    // The stock: 4 + 20 on hand, and the alert cleared.
    await admin.goto('/inventory/stock');
    const row = admin.getByTestId('stock-levels').getByRole('row').filter({ hasText: 'BRG-0001' });
    await expect(row.getByTestId('available')).toHaveText('24');
    await admin.getByTestId('to-purchasing').click();
    await expect(admin.getByText('没有低库存预警')).toBeVisible();

    await keeper.setViewportSize(PHONE);
    for (const tab of ['low-stock', 'requests', 'orders', 'chain']) {
      await keeper.goto(`/purchasing/${tab}`);
      await expect(keeper.getByRole('heading', { level: 1, name: '采购' })).toBeVisible();
      expect(await pageWidth(keeper)).toBeLessThanOrEqual(PHONE.width);
    }
    await keeper.goto('/purchasing/orders');
    await expect(keeper.getByTestId('orders')).toContainText('已到齐');
    await saveScreenshot(keeper, 'purchasing-orders-phone');
  });
});
