// Spare parts through the console, in Chinese: the provider's admin builds a catalogue (category, part
// with a supplier price in yuan), opens a warehouse, receives parts (inspection → shelf), requests an
// issue to its engineer, approves, picks and delivers it, and finds the stock level and the ledger that
// say so. Desktop and phone width, with screenshots; on a phone nothing scrolls sideways.
import { type Page, expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

let cast: Cast;

const choose = async (page: Page, testId: string, option: string | RegExp) => {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option }).click();
};

test.describe('parts inventory', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
  });

  test('catalogue, warehouse, receipt, issue → approval → delivery; levels and ledger; phone width', async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const admin = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, DESKTOP);
    await admin.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '备件库存' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: '备件库存' })).toBeVisible();

    // The catalogue: a category, then a part in it that gets the category's first code.
    await admin.getByTestId('tab-catalogue').click();
    await admin.getByTestId('category-code').fill('BRG');
    await admin.getByTestId('category-name').fill('轴承');
    await admin.getByTestId('category-submit').click();
    await expect(admin.getByTestId('category-tree')).toContainText('BRG 轴承');
    await admin.getByTestId('new-part').click();
    await choose(admin, 'part-category', /BRG · 轴承/);
    await admin.getByTestId('part-name').fill('深沟球轴承');
    await admin.getByTestId('part-editor').getByLabel('供应商及单价').fill('人本:12.50');
    await admin.getByTestId('part-submit').click();
    await expect(admin.getByTestId('parts')).toContainText('BRG-0001');
    await expect(admin.getByTestId('parts')).toContainText('人本 ¥12.50');
    await saveScreenshot(admin, 'inventory-catalogue-desktop');

    await admin.getByTestId('tab-warehouses').click();
    await admin.getByTestId('warehouse-name').fill('深圳中心仓');
    await admin.getByTestId('warehouse-submit').click();
    await expect(admin.getByTestId('warehouses')).toContainText('深圳中心仓');

    // Received: in inspection until shelved.
    await admin.getByTestId('tab-stock').click();
    await choose(admin, 'move-warehouse', '深圳中心仓');
    await choose(admin, 'move-part', /BRG-0001/);
    await admin.getByTestId('move-quantity').fill('10');
    await admin.getByTestId('move-cost').fill('12.5');
    await admin.getByTestId('move-submit').click();
    await expect(admin.getByTestId('move-done')).toBeVisible();
    await expect(admin.getByTestId('stock-levels')).toContainText('待检 10');
    await admin.getByTestId('tab-approvals').click();
    await admin.getByTestId('open-documents').getByTestId('step-shelve').click();
    await expect(admin.getByText('没有待处理的单据')).toBeVisible();

    // An issue to the engineer: requested, approved (reserved), picked, delivered.
    await admin.getByTestId('tab-stock').click();
    await choose(admin, 'move-kind', '出库申请');
    await choose(admin, 'move-warehouse', '深圳中心仓');
    await choose(admin, 'move-part', /BRG-0001/);
    await admin.getByTestId('move-quantity').fill('3');
    await admin.getByTestId('move-recipient').fill(cast.engineer.userId);
    await admin.getByTestId('move-reason').fill('更换主轴轴承');
    await admin.getByTestId('move-submit').click();
    await expect(admin.getByTestId('move-done')).toBeVisible();
    await admin.getByTestId('tab-approvals').click();
    const documents = admin.getByTestId('open-documents');
    await expect(documents).toContainText('待审批');
    await saveScreenshot(admin, 'inventory-approvals-desktop');
    await documents.getByTestId('step-approve').click();
    await expect(documents).toContainText('已批准');
    await documents.getByTestId('step-pick').click();
    await expect(documents).toContainText('已拣货');
    await documents.getByTestId('step-deliver').click();
    await expect(admin.getByText('没有待处理的单据')).toBeVisible();

    await admin.getByTestId('tab-stock').click();
    const row = admin.getByTestId('stock-levels').getByRole('row').filter({ hasText: 'BRG-0001' });
    await expect(row.getByTestId('on-hand')).toHaveText('7 个');
    await expect(row.getByTestId('available')).toHaveText('7');
    // 10 × ¥12.50 in, 3 out at the average: ¥87.50 left.
    await expect(row).toContainText('¥87.50');
    await saveScreenshot(admin, 'inventory-stock-desktop');

    await admin.getByTestId('tab-movements').click();
    const ledger = admin.getByTestId('ledger');
    for (const movement of ['出库交付', '拣货', '出库批准（预留）', '出库申请', '检验上架', '到货待检']) await expect(ledger).toContainText(movement);
    await expect(ledger.getByRole('row').filter({ hasText: '出库交付' })).toContainText('在库 -3 · 预留 -3');
    await saveScreenshot(admin, 'inventory-ledger-desktop');

    await admin.setViewportSize(PHONE);
    for (const tab of ['stock', 'approvals', 'movements', 'catalogue', 'warehouses']) {
      await admin.goto(`/inventory/${tab}`);
      await expect(admin.getByRole('heading', { level: 1, name: '备件库存' })).toBeVisible();
      expect(await pageWidth(admin)).toBeLessThanOrEqual(PHONE.width);
    }
    await admin.goto('/inventory/stock');
    await expect(admin.getByTestId('stock-levels')).toContainText('BRG-0001');
    await saveScreenshot(admin, 'inventory-stock-phone');
  });
});
