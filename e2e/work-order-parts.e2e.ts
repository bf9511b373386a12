// Parts on a work order through the console, in Chinese, on a phone: the provider has stocked its
// engineer's van (set up through the API), the engineer opens the order in progress, picks a bearing
// from the van in the processing-record dialog, saves — the order's 使用备件 shows it — asks for more
// through 缺件申请 (the order then waits for parts), and 我的备件 shows the van's stock gone down by
// what was fitted. Screenshots of the dialogs and the pages.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

let cast: Cast;
let orderId: string;

const call = async (request: APIRequestContext, token: string, path: string, data: object = {}) => {
  const response = await request.post(path, { headers: { ...bearer(token), 'Idempotency-Key': crypto.randomUUID() }, data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
};

test.describe('work-order parts', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
    const admin = cast.provider.admin.token;
    // The provider's catalogue, its engineer's van, and 5 bearings received into the van.
    await call(request, admin, '/api/v1/inventory/categories', { code: 'BRG', name: '轴承' });
    const part = await call(request, admin, '/api/v1/inventory/parts', { categoryCode: 'BRG', name: '主轴轴承', model: '7014C', unit: 'pcs', suppliers: [{ name: '人本', priceFen: 18000 }] });
    const van = await call(request, admin, '/api/v1/inventory/warehouses', { name: '李工的车', kind: 'van', engineerId: cast.engineer.userId });
    const receipt = await call(request, admin, '/api/v1/inventory/receipts', { warehouseId: van['id'], partId: part['id'], quantity: 5, unitCostFen: 16000, supplier: '人本' });
    await call(request, admin, `/api/v1/inventory/receipts/${String(receipt['id'])}/shelve`, { acceptedQuantity: 5 });

    // A request on the device, dispatched to the provider, accepted and started by its engineer.
    const order = await call(request, cast.user.admin.token, '/api/v1/work-orders', {
      deviceId: cast.deviceId,
      fault: { type: 'abnormal-noise', description: '主轴高速运转时异响明显，怀疑轴承损坏' },
      contact: { name: '王主任', phone: '13800138000' },
    });
    orderId = String(order['id']);
    const step = (token: string, name: string, data: object = {}) => call(request, token, `/api/v1/work-orders/${orderId}/${name}`, data);
    if (order['status'] === 'submitted') await step(cast.city.token, 'review', { decision: 'approve' });
    await step(cast.city.token, 'dispatch', { providerId: cast.provider.id });
    await step(admin, 'accept');
    await step(admin, 'assign', { engineerId: cast.engineer.userId });
    await step(cast.engineer.token, 'engineer-accept');
    await step(cast.engineer.token, 'start');
  });

  test('the engineer picks a van part in the record dialog and sees the van stock go down', async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const page = await consoleFor(browser, baseURL!, cast.engineer, cast.provider.name, PHONE);

    await page.goto('/my-parts');
    await expect(page.getByRole('heading', { level: 1, name: '我的备件' })).toBeVisible();
    await expect(page.getByTestId('my-available-BRG-0001')).toHaveText('5');

    await page.goto(`/work-orders/${orderId}`);
    await page.locator('[data-action="record"]').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('record-steps').fill('拆检主轴，更换前端轴承');
    await dialog.getByTestId('van-part-search').fill('轴承');
    await page.getByTestId('van-part-BRG-0001').click();
    await expect(dialog.getByTestId('part-name-0')).toHaveValue('主轴轴承');
    await expect(dialog.getByTestId('part-available-0')).toHaveText('车载可用 5');
    await dialog.getByTestId('part-qty-0').fill('2');
    await saveScreenshot(page, 'work-order-parts-record-dialog-phone', false);
    await dialog.getByTestId('confirm').click();
    await expect(dialog).toHaveCount(0);

    const used = page.getByTestId('parts-used');
    await expect(used.getByTestId('part-used-BRG-0001')).toContainText('× 2 个');
    await expect(used.getByTestId('part-used-BRG-0001')).toContainText('李工的车');
    // Engineers see what they fitted, not what it cost.
    await expect(used.getByTestId('part-cost')).toHaveCount(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, 'work-order-parts-detail-phone');

    // The van runs short: 缺件申请 raises a purchase request and the order waits for the part.
    await page.getByTestId('missing-parts').click();
    const missing = page.getByRole('dialog');
    await missing.getByTestId('missing-part-search').fill('轴承');
    await page.getByTestId('missing-part-BRG-0001').click();
    await expect(missing.getByTestId('missing-warehouse')).toContainText('李工的车');
    await missing.getByTestId('missing-quantity').fill('3');
    await saveScreenshot(page, 'work-order-parts-missing-dialog-phone', false);
    await missing.getByTestId('missing-submit').click();
    await expect(missing).toHaveCount(0);
    await expect(page.getByText('等待配件').first()).toBeVisible();

    await page.goto('/my-parts');
    await expect(page.getByTestId('my-available-BRG-0001')).toHaveText('3');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, 'work-order-parts-my-parts-phone');

    // The provider's admin reads the ledger's cost of the parts on the same order.
    const admin = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, { width: 1280, height: 800 });
    await admin.goto(`/work-orders/${orderId}`);
    await expect(admin.getByTestId('parts-used').getByTestId('part-cost')).toContainText('¥160.00');
    await expect(admin.getByTestId('parts-total')).toContainText('¥320.00');
    await saveScreenshot(admin, 'work-order-parts-detail-desktop');
  });
});
