// Settlements through the console (#14), in Chinese: the Shenzhen operator publishes a fee schedule in
// the editor; a work order runs to both evaluations over the API, which creates its draft settlement;
// the equipment user confirms and pays it in the console; the provider sees its receivable in the
// ledger; the provider's statement PDF is opened in Chromium's PDF viewer and its first page saved as
// a screenshot (the Chinese must be drawn). Desktop and phone width.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, SHENZHEN, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let cast: Cast;
let orderId: string;

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
};

/** A step of the work order over the API, as the party whose step it is. */
async function step(request: APIRequestContext, token: string, name: string, data: object = {}): Promise<void> {
  await ok(await request.post(`/api/v1/work-orders/${orderId}/${name}`, { headers: { ...bearer(token), 'Idempotency-Key': randomUUID() }, data }));
}

test.describe('settlements', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
  });

  test('a fee schedule, a settlement confirmed and paid by the equipment user, the provider’s ledger and its statement PDF', async ({ browser, baseURL, request }) => {
    test.setTimeout(240_000);
    // The operator writes the schedule in the editor and publishes it.
    const city = await consoleFor(browser, baseURL!, cast.city, SHENZHEN, DESKTOP);
    await city.goto('/settlements/fee-schedules');
    await city.getByTestId('new-schedule').click();
    await city.getByTestId('effective-from').fill(today);
    for (const [level, yuan] of [['junior', '80'], ['intermediate', '100'], ['senior', '150'], ['expert', '200']] as const) await city.getByTestId(`hourly-${level}`).fill(yuan);
    const bands = city.locator('fieldset[formarrayname="travelBands"] input');
    await bands.nth(1).fill('50');
    await bands.nth(3).fill('120');
    await city.getByTestId('platform-fee').fill('5%');
    await saveScreenshot(city, 'settlements-fee-schedule-editor');
    await city.getByTestId('save-schedule').click();
    await city.getByTestId('publish').first().click();
    await expect(city.getByTestId('fee-schedules')).toContainText('已发布');

    // The work order, up to both evaluations, over the API.
    const created = await ok(
      await request.post('/api/v1/work-orders', {
        headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': `${stamp}-request` },
        data: { deviceId: cast.deviceId, fault: { type: 'abnormal-noise', description: '主轴高速运转时异响，振动明显' }, priority: 'high', contact: { name: '王主任', phone: '13800138000' } },
      }),
    );
    orderId = String(created['id']);
    await step(request, cast.city.token, 'dispatch', { providerId: cast.provider.id, suggestion: { rank: 1, suggestedProviderId: cast.provider.id } });
    await step(request, cast.provider.admin.token, 'accept');
    await step(request, cast.provider.admin.token, 'assign', { engineerId: cast.engineer.userId });
    await step(request, cast.engineer.token, 'engineer-accept');
    await step(request, cast.engineer.token, 'start');
    await step(request, cast.engineer.token, 'records', { steps: '更换主轴前轴承并预紧', parts: [], tools: ['拉马'], cause: '轴承磨损', result: '异响消除' });
    await step(request, cast.engineer.token, 'complete', { summary: '已修复' });
    await step(request, cast.engineer.token, 'receipt', { summary: '维修完成，请验收' });
    await step(request, cast.provider.admin.token, 'receipt/approve', { opinion: '合格' });
    await step(request, cast.provider.admin.token, 'receipt/report');
    await step(request, cast.user.admin.token, 'evaluations', { score: 5, quality: 5, efficiency: 4, opinion: '响应很快' });
    await step(request, cast.manufacturer.admin.token, 'evaluations', { score: 4, opinion: '' });
    await expect
      .poll(async () => ((await (await request.get(`/api/v1/settlements?workOrderId=${orderId}`, { headers: bearer(cast.user.admin.token) })).json()) as { total: number }).total, { timeout: 30_000 })
      .toBe(1);

    // The equipment user finds it in the list, confirms and pays.
    const user = await consoleFor(browser, baseURL!, cast.user.admin, cast.user.name, DESKTOP);
    await user.goto('/settlements/list');
    await expect(user.getByTestId('settlements')).toContainText('待确认');
    await user.getByTestId('settlement-link').first().click();
    await expect(user.getByTestId('settlement-status')).toHaveText('待确认');
    await expect(user.getByTestId('lines')).toContainText('设备用户');
    await saveScreenshot(user, 'settlements-detail-draft');
    await user.getByTestId('step-confirm').click();
    await expect(user.getByTestId('settlement-status')).toHaveText('已确认');
    await user.getByTestId('step-pay').click();
    await user.getByTestId('confirm-step').click();
    await expect(user.getByTestId('settlement-status')).toHaveText('已付款');
    await expect(user.getByTestId('payments')).toContainText('银行转账');
    await saveScreenshot(user, 'settlements-detail-paid');
    await user.setViewportSize(PHONE);
    await expect.poll(() => user.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
    await saveScreenshot(user, 'settlements-detail-paid-phone');

    // The provider sees the settled receivable in its ledger.
    const provider = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, DESKTOP);
    await provider.goto('/settlements/ledger');
    // Credited when the user confirmed, debited by the payment less the platform fee: settled to nothing.
    await expect(provider.getByTestId('balance-provider-receivable')).toHaveText('¥0.00');
    await expect(provider.getByTestId('statement')).toContainText('¥125.00');
    await saveScreenshot(provider, 'settlements-ledger-provider');
    await provider.setViewportSize(PHONE);
    await expect.poll(() => provider.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
    await saveScreenshot(provider, 'settlements-ledger-provider-phone');

    // The provider's statement as a PDF, opened in Chromium's viewer: page 1 saved for people to look at.
    const pdf = await request.get(`/api/v1/ledger/statements?from=${today}&to=${today}&format=pdf`, { headers: bearer(cast.provider.admin.token) });
    expect(pdf.status(), await pdf.text()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    await viewPdf(provider, await pdf.body(), 'settlements-statement-pdf');

    // The evaluation report counts the user's quality and efficiency.
    await city.goto('/settlements/evaluations');
    await expect(city.getByTestId('overall')).toContainText('5.00');
    await saveScreenshot(city, 'settlements-evaluation-report');
  });
});

/** Opens the bytes in Chromium's PDF viewer in a fresh tab and saves what it shows. */
async function viewPdf(page: Page, bytes: Buffer, name: string): Promise<void> {
  const dir = resolve(__dirname, '../test-results/playwright');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const viewer = await page.context().newPage();
  await viewer.setViewportSize({ width: 1000, height: 1100 });
  await viewer.goto(`file://${file}`);
  await expect.poll(() => viewer.frames().some((f) => f.url().startsWith('chrome-extension://')), { timeout: 15_000 }).toBe(true);
  await viewer.waitForTimeout(2_000);
  await saveScreenshot(viewer, name, false);
}
