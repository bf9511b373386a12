// 运营大屏 as a provincial operator (issue #15): orders raised in Shenzhen's Nanshan and Guangzhou's
// Tianhe; the Guangdong operator opens the board from 数据分析, sees its province's live counts (the
// same numbers the API counts for it), clicks the 电气故障 slice of the fault types and the list opens in
// a new tab with that filter, showing only the electrical order. Screenshots at 1920×1080 in zh-CN and
// en, and at 1366×768.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { e2eAdminToken, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, nodeOf, openConsole, person } from './tenancy-support';
import { type Cast, castOf } from './work-order-support';

const PROVINCE = '广东省运营中心';

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
};

test.describe('运营大屏 as a provincial operator', () => {
  test.use({ reducedMotion: 'reduce', viewport: { width: 1920, height: 1080 } });
  // Two consoles and the board's eight queries on a shared machine.
  test.describe.configure({ timeout: 180_000 });
  let cast: Cast;
  let provincial: Person;
  const raised: Record<string, string> = {};

  test.beforeAll(async ({ request }) => {
    const stamp = String(Date.now()).slice(-7);
    cast = await castOf(request, stamp);
    const national = await person(request, `1372${stamp}`, '全国运营（大屏）');
    provincial = await person(request, `1373${stamp}`, '广东省大屏值班员', 4);
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

    const pump = await ok(
      await request.post('/api/v1/devices', {
        headers: bearer(cast.user.admin.token),
        data: { number: `PUMP-B${stamp}`, name: `冷却水泵-${stamp}`, model: 'ISG100', type: 'water-pump', countyCode: '440106', address: '天河区车间', warrantyMonths: 12 },
      }),
    );
    const raise = async (deviceId: string, type: string, description: string) => {
      const order = await ok(
        await request.post('/api/v1/work-orders', {
          headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': crypto.randomUUID() },
          data: { deviceId, fault: { type, description, attachments: [] }, priority: 'normal', contact: { name: '王主任', phone: '13800138000' } },
        }),
      );
      raised[type] = String(order['number']);
    };
    await raise(cast.deviceId, 'electrical', '伺服驱动器过流报警');
    await raise(cast.deviceId, 'abnormal-noise', '主轴箱异响');
    await raise(String(pump['id']), 'leakage', '泵体机械密封渗漏');
  });

  /** What the backend counts for the provincial operator now (the board must show the same). */
  const liveCounts = async (request: APIRequestContext): Promise<Record<string, number>> => {
    await actFor(request, provincial, PROVINCE);
    const res = await request.get('/api/v1/analytics/live', { headers: bearer(provincial.token) });
    expect(res.ok(), await res.text()).toBe(true);
    const body = (await res.json()) as { counts: { key: string; count: number }[] };
    return Object.fromEntries(body.counts.map((c) => [c.key, c.count]));
  };

  test('opens the board, shows the province’s numbers, and a fault-type slice opens its orders in a new tab', async ({ page, context, request }) => {
    await openConsole(page, provincial);
    await chooseContext(page, PROVINCE);
    await page.getByRole('link', { name: '数据分析' }).first().click();
    await expect(page).toHaveURL(/\/analytics\/overview/);
    await page.getByTestId('open-ops-board').click();
    await expect(page).toHaveURL(/\/analytics\/board/);
    await expect(page.getByRole('heading', { level: 1, name: '运营大屏' })).toBeVisible();
    await expect(page.getByTestId('board-region')).toHaveText('广东省');

    const counts = await liveCounts(request);
    expect(counts['requestsToday']).toBeGreaterThanOrEqual(3);
    for (const key of ['requestsToday', 'open', 'awaitingDispatch', 'overdue', 'completedToday'])
      await expect(page.getByTestId(`board-kpi-${key}`).locator('.value')).toHaveText(counts[key]!.toLocaleString('zh-CN'));
    await expect(page.getByTestId('board-kpi-requestsToday')).toContainText('今日报修');
    await expect(page.getByTestId('board-updated')).toContainText(/更新于 \d{2}:\d{2}:\d{2}/);
    // The map of Guangdong's cities, the ranking under it, the ticker with the newest orders.
    await expect(page.getByTestId('board-map').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('board-region-4403')).toContainText('深圳市');
    await expect(page.getByTestId('board-region-4401')).toContainText('广州市');
    for (const number of Object.values(raised)) await expect(page.getByTestId('board-ticker')).toContainText(number);
    await expect(page.getByTestId('board-fault-electrical')).toContainText('电气');
    // Every panel finished loading: no loading or error state left on the board.
    await expect(page.getByText('正在加载…')).toHaveCount(0);
    await expect(page.getByText('数据暂时无法加载')).toHaveCount(0);
    await saveScreenshot(page, 'ops-board-1920-zh-CN', false);
    // The ring and its whole legend lie inside their panel (a chart created during the loading state
    // once took 400px and was cut off at the bottom).
    const inside = await page.getByTestId('board-faults').evaluate((panel) => {
      const box = panel.getBoundingClientRect();
      return [panel.querySelector('canvas'), ...panel.querySelectorAll('.legend li')].map((el) => {
        const b = el!.getBoundingClientRect();
        return b.height > 0 && b.top >= box.top && b.bottom <= box.bottom;
      });
    });
    expect(inside.length).toBeGreaterThan(1);
    expect(inside.every(Boolean)).toBe(true);

    // The electrical slice: the list behind it opens in a new tab (its own session: the user signs in there).
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('board-fault-electrical').click()]);
    await tab.waitForLoadState();
    const target = new URL(tab.url());
    const returnUrl = target.pathname === '/login' ? target.searchParams.get('returnUrl')! : `${target.pathname}${target.search}`;
    expect(returnUrl).toMatch(/^\/work-orders\?/);
    const drilled = new URL(returnUrl, target.origin);
    expect(Object.fromEntries(drilled.searchParams)).toMatchObject({ faultType: 'electrical', region: '44', from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // The board keeps running in its own tab.
    await expect(page).toHaveURL(/\/analytics\/board/);

    await openConsole(tab, provincial, returnUrl);
    await chooseContext(tab, PROVINCE);
    // Switching the context starts the tab over at its home page; the link still holds the filters.
    await tab.goto(returnUrl);
    await expect(tab.getByTestId('chip-faultType')).toContainText('电气');
    await expect(tab.getByTestId('chip-region')).toContainText('44');
    await expect(tab.getByText(raised['electrical']!)).toBeVisible();
    await expect(tab.getByText(raised['abnormal-noise']!)).toHaveCount(0);
    await expect(tab.getByText(raised['leakage']!)).toHaveCount(0);
    await saveScreenshot(tab, 'ops-board-drill-work-orders-zh-CN');

    // Removing the fault-type chip widens the list to the province's orders; back brings the filter back.
    await tab.getByTestId('chip-faultType').getByRole('button').click();
    await expect(tab).not.toHaveURL(/faultType=/);
    await expect(tab.getByText(raised['leakage']!)).toBeVisible();
    await tab.goBack();
    await expect(tab).toHaveURL(/faultType=electrical/);
    await expect(tab.getByText(raised['leakage']!)).toHaveCount(0);
  });

  test('reads in English, and fits a 1366×768 wall', async ({ page }) => {
    await openConsole(page, provincial);
    await chooseContext(page, PROVINCE);
    await page.goto('/analytics/overview');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
    await page.getByTestId('open-ops-board').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Operations board' })).toBeVisible();
    await expect(page.getByTestId('board-kpi-overdue')).toContainText('Overdue');
    await expect(page.getByTestId('board-fault-electrical')).toContainText(/Electrical/i);
    await expect(page.getByTestId('board-map').locator('canvas').first()).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await saveScreenshot(page, 'ops-board-1920-en', false);

    await page.setViewportSize({ width: 1366, height: 768 });
    await expect(page.getByTestId('board-ticker')).toBeVisible();
    // One screen: nothing scrolls on the wall.
    const overflow = await page.getByTestId('ops-board').evaluate((el) => ({ width: el.scrollWidth - el.clientWidth, height: el.parentElement!.scrollHeight - el.parentElement!.clientHeight }));
    expect(overflow).toEqual({ width: 0, height: 0 });
    await saveScreenshot(page, 'ops-board-1366-en', false);
  });
});
