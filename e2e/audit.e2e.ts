// The audit console against the production-mode backend: the Shenzhen operator's compliance officer
// finds one particular dispatch by searching the audit log, opens it and reads the work order's row
// before and after it (status, provider) and the dispatcher's user agent, follows the order's whole history, and exports the result;
// the equipment user's admin, who holds no compliance role, sees no audit entry in the navigation, is
// turned away from /audit, and the API answers 403 with nothing listed. In Chinese, desktop and phone.
import { expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { type Person, bearer, enrolTotp, person } from './tenancy-support';
import { SHENZHEN, type Cast, castOf, consoleFor } from './work-order-support';

const stamp = String(Date.now()).slice(-7);
const DISPATCHER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) KuaigeE2E-Dispatcher/1.0';

let cast: Cast;
let compliance: Person;
let orderId: string;

test.describe('audit console', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
    // The city's compliance officer: appointed by the city's operator admin; privileged, so with TOTP.
    compliance = await person(request, `1378${stamp}`, '深圳合规专员', 2);
    await enrolTotp(request, compliance);
    const shenzhen = (await (await request.get('/api/v1/me/contexts', { headers: bearer(cast.city.token) })).json()) as {
      available: { id: string; name: string }[];
    };
    const nodeId = shenzhen.available.find((c) => c.name === SHENZHEN)!.id;
    const appointed = await request.post(`/api/v1/operator-nodes/${nodeId}/staff`, {
      headers: bearer(cast.city.token),
      data: { phone: compliance.phone, roles: ['compliance'] },
    });
    expect(appointed.status(), await appointed.text()).toBe(201);

    // The equipment user reports a fault; the Shenzhen operator dispatches it to the provider.
    const requested = await request.post('/api/v1/work-orders', {
      headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': `audit-e2e-request-${stamp}` },
      data: {
        deviceId: cast.deviceId,
        fault: { type: 'abnormal-noise', description: '主轴高速运转时有异响，振动明显', attachments: [] },
        priority: 'high',
        contact: { name: '王主任', phone: `1377${stamp}` },
      },
    });
    expect(requested.status(), await requested.text()).toBe(201);
    orderId = ((await requested.json()) as { id: string }).id;
    const ranked = await request.get(`/api/v1/work-orders/${orderId}/dispatch-suggestions`, { headers: bearer(cast.city.token) });
    expect(ranked.ok(), await ranked.text()).toBe(true);
    const first = ((await ranked.json()) as { items: { id: string }[] }).items[0]!;
    const dispatched = await request.post(`/api/v1/work-orders/${orderId}/dispatch`, {
      // The dispatcher's browser, as its event's metadata records it (the "where" of the audit trail).
      headers: { ...bearer(cast.city.token), 'Idempotency-Key': `audit-e2e-dispatch-${stamp}`, 'User-Agent': DISPATCHER_AGENT },
      data: {
        providerId: cast.provider.id,
        suggestion: { rank: 1, suggestedProviderId: first.id },
        // Other runs on the shared backend leave providers as good as ours: then ours needs a reason.
        ...(first.id === cast.provider.id ? {} : { override: { reason: '客户指定该服务商' } }),
      },
    });
    expect(dispatched.ok(), await dispatched.text()).toBe(true);
  });

  test('the compliance officer finds the dispatch, reads its diff and the order’s history, and exports', async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const page = await consoleFor(browser, baseURL!, compliance, SHENZHEN, { width: 1280, height: 900 });
    const navigation = page.getByRole('navigation', { name: '主导航' });

    await test.step('search the audit log for the order’s dispatch', async () => {
      await navigation.getByRole('link', { name: '审计日志' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '审计日志' })).toBeVisible();
      await expect(page.getByTestId('audit-entries')).toBeVisible();
      await page.getByTestId('filter-type').fill('WorkOrderDispatched');
      await page.keyboard.press('Escape');
      await page.getByTestId('filter-stream').fill(`WorkOrder-${orderId}`);
      await page.getByTestId('audit-search').click();
      await expect(page).toHaveURL(/type=WorkOrderDispatched/);
      await expect(page).toHaveURL(new RegExp(`stream=WorkOrder-${orderId}`));
      const rows = page.getByTestId('audit-entries').locator('tr.mat-mdc-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('工单派单');
      await expect(rows.first()).toContainText('成功');
      await saveScreenshot(page, 'audit-search-desktop');
      await rows.first().getByTestId('entry-link').click();
    });

    await test.step('the entry: metadata and the work order row before and after', async () => {
      await expect(page.getByTestId('entry-title')).toHaveText('工单派单');
      await expect(page.getByTestId('entry-metadata')).toContainText(`WorkOrder-${orderId}`);
      await expect(page.getByTestId('entry-metadata')).toContainText(DISPATCHER_AGENT);
      const diff = page.getByTestId('entry-diff');
      const workOrderRow = diff.locator('table[data-collection="work_orders"]');
      const status = workOrderRow.locator('tr[data-path="status"]');
      await expect(status.getByTestId('diff-field')).toHaveText('状态 (status)');
      await expect(status).toContainText('修改');
      await expect(status.getByTestId('diff-before')).toHaveText('待派单 (awaiting-dispatch)');
      await expect(status.getByTestId('diff-after')).toHaveText('已派单 (dispatched)');
      await expect(workOrderRow.locator('tr[data-path="providerId"]').getByTestId('diff-after')).toHaveText(cast.provider.id);
      await saveScreenshot(page, 'audit-entry-desktop');
    });

    await test.step('the order’s whole history as a timeline', async () => {
      await page.getByTestId('entity-timeline').click();
      const history = page.getByTestId('entity-history');
      await expect(history.locator('li')).toHaveCount(3);
      await expect(history.locator('li').first()).toContainText('提交报修');
      await expect(history.locator('li').last()).toContainText('工单派单');
    });

    await test.step('export the search as CSV: the file holds the dispatch', async () => {
      await page.goBack();
      await page.goBack();
      await expect(page.getByTestId('audit-entries').locator('tr.mat-mdc-row')).toHaveCount(1);
      const download = page.waitForEvent('download');
      await page.getByTestId('audit-export').click();
      await page.getByRole('menuitem', { name: /CSV/ }).click();
      const file = await (await download).path();
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(file, 'utf8')).toContain('WorkOrderDispatched');
    });

    await test.step('at phone width the entry stays readable', async () => {
      const phone = await consoleFor(browser, baseURL!, compliance, SHENZHEN, { width: 390, height: 844 });
      await phone.goto(`/audit?type=WorkOrderDispatched&stream=WorkOrder-${orderId}`);
      await phone.getByTestId('audit-entries').getByTestId('entry-link').click();
      await expect(phone.getByTestId('entry-diff').locator('tr[data-path="status"]')).toBeVisible();
      expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
      await saveScreenshot(phone, 'audit-entry-phone');
    });
  });

  test('someone without the compliance role cannot reach the audit console or its API', async ({ browser, baseURL, request }) => {
    const page = await consoleFor(browser, baseURL!, cast.user.admin, cast.user.name, { width: 1280, height: 900 });
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '审计日志' })).toHaveCount(0);
    await page.goto('/audit');
    await expect(page).not.toHaveURL(/\/audit/);
    const refused = await request.get('/api/v1/audit/entries', { headers: bearer(cast.user.admin.token) });
    expect(refused.status()).toBe(403);
    expect((await refused.json()) as { items?: unknown }).not.toHaveProperty('items');
  });
});
