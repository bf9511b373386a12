// The 费用 board (issue #15, costs from settlements #14), in Chinese: a work order runs to both
// evaluations over the API under a fee schedule the Shenzhen operator published, which creates its
// settlement; the operator opens 数据分析 › 费用, sees the money in yuan, and a KPI takes it to the
// settlements of its region; the provider sees its own side (what it earned). Desktop and phone width.
import { randomUUID } from 'node:crypto';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, SHENZHEN, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const YUAN = /¥\d{1,3}(,\d{3})*\.\d{2}/;

let cast: Cast;
let orderId: string;

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
};

async function step(request: APIRequestContext, token: string, name: string, data: object = {}): Promise<void> {
  await ok(await request.post(`/api/v1/work-orders/${orderId}/${name}`, { headers: { ...bearer(token), 'Idempotency-Key': randomUUID() }, data }));
}

test.describe('数据分析 › 费用', () => {
  test.use({ reducedMotion: 'reduce' });

  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
  });

  test('the operator’s cost board in yuan, a KPI opening its settlements, the provider’s own side', async ({ browser, baseURL, request }) => {
    test.setTimeout(240_000);
    const city = await consoleFor(browser, baseURL!, cast.city, SHENZHEN, DESKTOP);
    // A fee schedule in force today, written and published in the editor.
    await city.goto('/settlements/fee-schedules');
    await city.getByTestId('new-schedule').click();
    await city.getByTestId('effective-from').fill(today);
    for (const [level, yuan] of [['junior', '80'], ['intermediate', '100'], ['senior', '150'], ['expert', '200']] as const) await city.getByTestId(`hourly-${level}`).fill(yuan);
    const bands = city.locator('fieldset[formarrayname="travelBands"] input');
    await bands.nth(1).fill('50');
    await bands.nth(3).fill('120');
    await city.getByTestId('platform-fee').fill('5%');
    await city.getByTestId('save-schedule').click();
    await city.getByTestId('publish').first().click();
    await expect(city.getByTestId('fee-schedules')).toContainText('已发布');

    const created = await ok(
      await request.post('/api/v1/work-orders', {
        headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': `${stamp}-cost-request` },
        data: { deviceId: cast.deviceId, fault: { type: 'electrical', description: '主轴驱动器过流报警' }, priority: 'normal', contact: { name: '王主任', phone: '13800138000' } },
      }),
    );
    orderId = String(created['id']);
    const order = (await (await request.get(`/api/v1/work-orders/${orderId}`, { headers: bearer(cast.city.token) })).json()) as { status: string };
    if (order.status === 'submitted') await step(request, cast.city.token, 'review', { decision: 'approve' });
    await step(request, cast.city.token, 'dispatch', { providerId: cast.provider.id, suggestion: { rank: 1, suggestedProviderId: cast.provider.id } });
    await step(request, cast.provider.admin.token, 'accept');
    await step(request, cast.provider.admin.token, 'assign', { engineerId: cast.engineer.userId });
    await step(request, cast.engineer.token, 'engineer-accept');
    await step(request, cast.engineer.token, 'start');
    await step(request, cast.engineer.token, 'records', { steps: '更换驱动器功率模块', parts: [], tools: ['万用表'], cause: '功率模块击穿', result: '运行正常' });
    await step(request, cast.engineer.token, 'complete', { summary: '已修复' });
    await step(request, cast.engineer.token, 'receipt', { summary: '维修完成，请验收' });
    await step(request, cast.provider.admin.token, 'receipt/approve', { opinion: '合格' });
    await step(request, cast.provider.admin.token, 'receipt/report');
    await step(request, cast.user.admin.token, 'evaluations', { score: 5, quality: 5, efficiency: 5, opinion: '' });
    await step(request, cast.manufacturer.admin.token, 'evaluations', { score: 4, opinion: '' });
    await expect
      .poll(async () => ((await (await request.get(`/api/v1/settlements?workOrderId=${orderId}`, { headers: bearer(cast.user.admin.token) })).json()) as { total: number }).total, { timeout: 30_000 })
      .toBe(1);

    // The operator's board: the total charged in yuan, the trend and the breakdowns drawn.
    await city.goto('/analytics/overview');
    await city.getByTestId('board-costs').click();
    await expect(city).toHaveURL(/\/analytics\/costs/);
    await expect(city.getByTestId('cost-kpi-chargedFen')).toContainText('结算总额');
    await expect(city.getByTestId('cost-kpi-chargedFen')).toContainText(YUAN);
    await expect(city.getByTestId('cost-kpi-settlements')).toContainText(/[1-9]/);
    await expect(city.getByTestId('cost-kpi-earnedFen')).toContainText(YUAN);
    await expect(city.getByTestId('cost-providers').locator('canvas').first()).toBeVisible();
    await expect(city.getByTestId('cost-trend').locator('canvas').first()).toBeVisible();
    await saveScreenshot(city, 'analytics-costs-operator');
    await city.setViewportSize(PHONE);
    await expect.poll(() => city.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width + 1);
    await saveScreenshot(city, 'analytics-costs-operator-phone');
    await city.setViewportSize(DESKTOP);

    // A KPI opens the settlements behind it: the operator's region, filtered on the server.
    await city.getByTestId('cost-kpi-chargedFen').click();
    await expect(city).toHaveURL(/\/settlements\/list\?.*region=4403/);
    await expect(city.getByTestId('clear-cost-filter')).toBeVisible();
    await expect(city.getByTestId('settlements')).toContainText(String(created['number']));

    // The provider sees its own side: what it earned, not the expert fees of others.
    const provider = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, DESKTOP);
    await provider.goto('/analytics/costs');
    await expect(provider.getByTestId('cost-kpi-earnedFen')).toContainText(YUAN);
    await expect(provider.getByTestId('cost-kpi-chargedFen')).toContainText(YUAN);
    await saveScreenshot(provider, 'analytics-costs-provider');
  });
});
