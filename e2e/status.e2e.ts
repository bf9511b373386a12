import { expect, test, type Page } from '@playwright/test';
import { e2eAdminToken, type HealthReport, HAN, saveScreenshot } from './support';

const showOperatorDetails = async (page: Page, tokenLabel: string, button: string) => {
  await page.getByLabel(tokenLabel).fill(e2eAdminToken());
  await page.getByRole('button', { name: button }).click();
  await expect(page.locator('kg-operator-access')).toHaveAttribute('data-detailed', 'true');
};

test.describe('platform status page', () => {
  test('shows the live status in Chinese by default, matching /health', async ({ page, request }) => {
    // Anyone: up or down per adapter, by name, and nothing about paths, versions or the process.
    const health = (await (await request.get('/health')).json()) as HealthReport;
    expect(health.status).toBe('ok');
    const adapterNames = Object.keys(health.details);
    expect(adapterNames.length).toBeGreaterThan(0);
    expect(health.platform).toBeUndefined();

    await page.goto('/');
    await expect(page).toHaveURL(/\/status$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '平台状态' })).toBeVisible();
    await expect(page).toHaveTitle('平台状态 · 快鸽服务云');
    await expect(page.getByRole('banner')).toContainText('快鸽服务云');

    const overall = page.locator('kg-overall-status');
    await expect(overall).toHaveAttribute('data-health', 'healthy');
    await expect(overall).toContainText('运行正常');
    await expect(page.getByTestId('readiness')).toContainText('已就绪');
    for (const name of adapterNames) {
      await expect(page.locator(`kg-adapter-card[data-adapter="${name}"] kg-status-chip`)).toHaveAttribute('data-state', health.details[name]!.status);
    }
    await expect(page.locator('kg-adapter-card')).toHaveCount(adapterNames.length);
    await expect(page.locator('kg-adapter-card[data-adapter="storage"]')).toContainText('数据存储');
    await expect(page.locator('kg-adapter-card[data-adapter="storage"]')).not.toContainText('可用空间');
    await expect(page.locator('[data-fact]')).toHaveCount(0);
    await expect(page.locator('kg-operator-access')).toContainText('仅向持有管理令牌的运维人员显示');
    await saveScreenshot(page, 'zh-desktop-anonymous');

    // An operator with the admin token: the details, matching what /health tells the token.
    const detailed = (await (await request.get('/health', { headers: { authorization: `Bearer ${e2eAdminToken()}` } })).json()) as HealthReport;
    await showOperatorDetails(page, '管理令牌', '显示运维详情');
    for (const name of adapterNames) {
      await expect(page.locator(`kg-adapter-card[data-adapter="${name}"]`)).toContainText(detailed.details[name]!.kind);
    }
    await expect(page.locator('kg-adapter-card[data-adapter="storage"]')).toContainText('可用空间');
    await expect(page.locator('[data-fact="version"] dd')).toHaveText(detailed.platform.version);
    await expect(page.locator('[data-fact="node"] dd')).toHaveText(detailed.platform.node);
    await expect(page.locator('[data-fact="environment"] dd')).toHaveText('生产');
    await expect(page.locator('[data-fact="role"] dd')).toHaveText('一体化（全部角色）');
    await expect(page.locator('[data-fact="uptime"] dd')).toHaveText(/\d+\s*(秒|分钟|小时|天)/);
    await expect(page.getByTestId('last-updated')).toHaveText(/^更新于 \d{1,2}:\d{2}:\d{2}$/);

    await expect(page.locator('mat-paginator')).toContainText('每页条数');
    await expect(page.locator('.mat-mdc-paginator-range-label')).toHaveText(/第 1 – \d+ 条，共 \d+ 条/);

    // Desktop: the navigation is always there and there is no hamburger.
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '平台状态' })).toBeVisible();
    await expect(page.getByRole('button', { name: '打开导航菜单' })).toHaveCount(0);
    await saveScreenshot(page, 'zh-desktop');

    await page.getByRole('button', { name: '隐藏运维详情' }).click();
    await expect(page.locator('kg-operator-access')).toHaveAttribute('data-detailed', 'false');
    await expect(page.locator('[data-fact]')).toHaveCount(0);
  });

  test('refuses a wrong admin token and keeps the public view', async ({ page }) => {
    await page.goto('/status');
    await page.getByLabel('管理令牌').fill('not-the-admin-token');
    await page.getByRole('button', { name: '显示运维详情' }).click();
    await expect(page.locator('kg-operator-access [role="alert"]')).toHaveText('管理令牌不正确，未显示运维详情。');
    await expect(page.locator('kg-operator-access')).toHaveAttribute('data-detailed', 'false');
    await expect(page.locator('[data-fact]')).toHaveCount(0);
  });

  test('a deep link loads the console, and an unknown address gets a not-found page', async ({ page }) => {
    const response = await page.goto('/status');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: '平台状态' })).toBeVisible();

    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
    await page.getByRole('link', { name: '返回平台状态' }).click();
    await expect(page).toHaveURL(/\/status$/);
  });

  test('checks again by itself every 10 seconds and on demand, with the progress bar for manual checks', async ({ page }) => {
    await page.goto('/status');
    const rows = page.locator('kg-check-history tr[mat-row]');
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveCount(2, { timeout: 15_000 });
    // Polling runs in the background: no progress bar flashes for it.
    await expect(page.locator('mat-progress-bar')).toHaveCount(0);

    // Slow the next answer down so the progress bar can be seen while it is in flight.
    await page.route('**/graphql', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await page.getByRole('button', { name: '刷新' }).click();
    await expect(page.locator('mat-progress-bar')).toBeVisible();
    await expect(rows).toHaveCount(3);
    await expect(page.locator('mat-progress-bar')).toHaveCount(0);
  });

  test('when the server cannot be reached: an error state with retry, and a global message', async ({ page }) => {
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.goto('/status');
    await expect(page.locator('kg-state-panel.error')).toContainText('无法获取平台状态');
    await expect(page.locator('mat-snack-bar-container')).toContainText('无法连接服务器');
    await saveScreenshot(page, 'zh-error');

    await page.unroute('**/graphql');
    await page.locator('kg-state-panel').getByRole('button', { name: '重试' }).click();
    await expect(page.locator('kg-overall-status')).toHaveAttribute('data-health', 'healthy');
  });

  test("a rejected request shows the backend's own message, field errors and request id", async ({ page }) => {
    await page.route('**/graphql', (route) =>
      route.fulfill({
        status: 400,
        json: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Validation failed',
          errors: [{ field: 'limit', rule: 'max', message: 'limit must not be greater than 100' }],
          requestId: 'req-e2e-1',
        },
      }),
    );
    await page.goto('/status');
    const snackbar = page.locator('mat-snack-bar-container');
    await expect(snackbar).toContainText('请求未被接受（400）：Validation failed; limit: limit must not be greater than 100');
    await expect(snackbar).toContainText('请求编号 req-e2e-1');
    await snackbar.getByRole('button', { name: '关闭' }).click();
    await expect(snackbar).toHaveCount(0);
  });

  test('switches to English at run time, Material texts included, and remembers it', async ({ page }) => {
    await page.goto('/status');
    await expect(page.locator('mat-paginator')).toContainText('每页条数');

    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Platform status' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page).toHaveTitle('Platform status · Kuaige Service Cloud');
    await expect(page.getByRole('banner')).toContainText('Kuaige Service Cloud');
    await expect(page.locator('kg-overall-status')).toContainText('Healthy');
    await expect(page.locator('kg-adapter-card[data-adapter="storage"]')).toContainText('Data storage');
    await showOperatorDetails(page, 'Admin token', 'Show operator details');
    await expect(page.locator('[data-fact="environment"] dd')).toHaveText('Production');
    await expect(page.locator('[data-fact="uptime"] dd')).toHaveText(/\d+\s*(sec|min|hr|day)/);
    const paginator = page.locator('mat-paginator');
    await expect(paginator).toContainText('Items per page');
    await expect(paginator.locator('.mat-mdc-paginator-range-label')).toHaveText(/^\s*1 – \d+ of \d+\s*$/);
    await expect(paginator.getByRole('button', { name: 'Next page' })).toBeAttached();
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Platform status' })).toBeVisible();
    await expect.poll(() => page.locator('body').innerText()).not.toMatch(HAN);
    await saveScreenshot(page, 'en-desktop');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Platform status' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});
