// The regional dashboard as a provincial operator (issue #15): orders raised in Shenzhen's Nanshan and
// Guangzhou's Tianhe, the Guangdong operator opens 数据分析 › 地区分布, sees Guangdong's cities on the
// map and in the ranking, clicks Shenzhen and lands on Shenzhen's work-order list (region filter in
// the address, the list scoped on the server). Screenshots in zh-CN, en and at phone width.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { e2eAdminToken, pageWidth, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, nodeOf, openConsole, person } from './tenancy-support';
import { type Cast, castOf } from './work-order-support';

const PROVINCE = '广东省运营中心';

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
};

test.describe('数据分析 as a provincial operator', () => {
  // Charts drawn at once, so that the screenshots show them finished.
  test.use({ reducedMotion: 'reduce' });
  let cast: Cast;
  let provincial: Person;
  const raised: string[] = [];

  test.beforeAll(async ({ request }) => {
    const stamp = String(Date.now()).slice(-7);
    cast = await castOf(request, stamp);
    // A provincial operator of Guangdong, appointed by a national operator.
    const national = await person(request, `1370${stamp}`, '全国运营（分析）');
    provincial = await person(request, `1371${stamp}`, '广东省运营分析员', 2);
    for (const p of [national, provincial]) await enrolTotp(request, p);
    await ok(
      await request.post('/api/v1/operations/tenancy/national-root', {
        headers: bearer(e2eAdminToken()),
        data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
      }),
    );
    await actFor(request, national, '快鸽全国运营中心');
    const provinceNode = await nodeOf(request, national, 'CN', '44', PROVINCE, national.phone);
    const appointed = await request.post(`/api/v1/operator-nodes/${provinceNode}/staff`, {
      headers: bearer(national.token),
      data: { phone: provincial.phone, roles: ['operator-admin'] },
    });
    expect(appointed.status(), await appointed.text()).toBe(201);

    // Two requests on the machining centre in Nanshan, one on a pump in Guangzhou's Tianhe.
    const pump = await ok(
      await request.post('/api/v1/devices', {
        headers: bearer(cast.user.admin.token),
        data: { number: `PUMP-${stamp}`, name: `循环水泵-${stamp}`, model: 'ISG100', type: 'water-pump', countyCode: '440106', address: '天河区车间', warrantyMonths: 12 },
      }),
    );
    const raise = async (deviceId: string, type: string, description: string) => {
      const order = await ok(
        await request.post('/api/v1/work-orders', {
          headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': crypto.randomUUID() },
          data: { deviceId, fault: { type, description, attachments: [] }, priority: 'normal', contact: { name: '王主任', phone: '13800138000' } },
        }),
      );
      raised.push(String(order['number']));
    };
    await raise(cast.deviceId, 'electrical', '主轴驱动器报警，无法启动');
    await raise(cast.deviceId, 'abnormal-noise', '主轴运转有异响');
    await raise(String(pump['id']), 'leakage', '机械密封漏水');
  });

  test('opens the regional dashboard, clicks Shenzhen and lands on its work orders', async ({ page }) => {
    await openConsole(page, provincial);
    await chooseContext(page, PROVINCE);
    await page.getByRole('link', { name: '数据分析' }).first().click();
    await expect(page).toHaveURL(/\/analytics\/overview/);
    await expect(page.getByRole('heading', { level: 1, name: '数据分析' })).toBeVisible();
    await expect(page.getByTestId('kpi-requests')).toContainText(/\d/);

    await page.getByTestId('board-regions').click();
    await expect(page).toHaveURL(/\/analytics\/regions/);
    await expect(page.getByTestId('region-path')).toContainText('广东省');
    const ranking = page.getByTestId('region-ranking');
    await expect(ranking.getByTestId('region-4403')).toContainText('深圳市');
    await expect(ranking.getByTestId('region-4401')).toContainText('广州市');
    await expect(page.getByTestId('region-map').locator('canvas').first()).toBeVisible();
    await saveScreenshot(page, 'analytics-regions-zh-CN');

    await ranking.getByTestId('region-4403').click();
    await expect(page).toHaveURL(/\/work-orders\?.*region=4403/);
    for (const number of raised.slice(0, 2)) await expect(page.getByText(number)).toBeVisible();
    await expect(page.getByText(raised[2]!)).toHaveCount(0);
    await saveScreenshot(page, 'analytics-drill-work-orders-zh-CN');

    // The same board in English: the filters stay in the address.
    await page.goBack();
    await expect(page).toHaveURL(/\/analytics\/regions/);
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    await expect(page.getByTestId('region-ranking').getByTestId('region-4403')).toBeVisible();
    await page.getByTestId('board-quality').click();
    await expect(page.getByTestId('kpi-responseP90')).toBeVisible();
    await page.getByTestId('board-regions').click();
    await expect(page.getByTestId('region-ranking').getByTestId('region-4403')).toBeVisible();
    await saveScreenshot(page, 'analytics-regions-en');
  });

  test.describe('at phone width', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('the overview and the regional board fit the screen', async ({ page }) => {
      await openConsole(page, provincial);
      await chooseContext(page, PROVINCE);
      await page.goto('/analytics/overview');
      await expect(page.getByTestId('kpi-requests')).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'analytics-overview-phone');
      await page.goto('/analytics/regions');
      await expect(page.getByTestId('region-ranking').getByTestId('region-4403')).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'analytics-regions-phone');
    });
  });
});
