// 导出 as a provincial operator (issue #15 item 5): orders raised in Shenzhen's Nanshan and Guangzhou's
// Tianhe; Guangdong's operator opens the work-order list filtered to Shenzhen, clicks 导出, picks XLSX,
// watches the job reach 100 % on 导出记录 and downloads the file. The test then opens the file itself
// (tabular's reader: ZIP central directory, inflate, sheet XML) and checks the header row, that every
// row is in Shenzhen, and that the Chinese text matches what the list showed. Screenshots in zh-CN and en.
import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { readXlsx } from '../backend/src/tabular/xlsx';
import { e2eAdminToken, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, nodeOf, openConsole, person } from './tenancy-support';
import { type Cast, castOf } from './work-order-support';

const PROVINCE = '广东省运营中心';
const HEADER = ['工单号', '状态', '优先级', '设备', '设备类型', '故障类型', '故障描述', '区县代码', '提交时间', '派单时间', '完工时间'];

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
};

test.describe('导出 of the work-order list as a provincial operator', () => {
  let cast: Cast;
  let provincial: Person;
  const shenzhen: { number: string; summary: string }[] = [];
  let guangzhou = '';

  test.beforeAll(async ({ request }) => {
    const stamp = String(Date.now()).slice(-7);
    cast = await castOf(request, stamp);
    const national = await person(request, `1372${stamp}`, '全国运营（导出）');
    provincial = await person(request, `1373${stamp}`, '广东省运营导出员', 1);
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
      return String(order['number']);
    };
    shenzhen.push({ number: await raise(cast.deviceId, 'electrical', '主轴驱动器报警，无法启动'), summary: '主轴驱动器报警，无法启动' });
    shenzhen.push({ number: await raise(cast.deviceId, 'abnormal-noise', '主轴运转有异响'), summary: '主轴运转有异响' });
    guangzhou = await raise(String(pump['id']), 'leakage', '机械密封漏水');
  });

  test('exports Shenzhen’s orders to XLSX, watches the job finish and opens the downloaded file', async ({ page }) => {
    await openConsole(page, provincial);
    await chooseContext(page, PROVINCE);
    await page.goto('/work-orders?region=4403');
    const list = page.getByTestId('work-orders');
    for (const { number } of shenzhen) await expect(list.getByText(number)).toBeVisible();
    await expect(list.getByText(guangzhou)).toHaveCount(0);
    const listed = list.getByRole('row').filter({ hasText: shenzhen[0]!.number });
    await expect(listed).toContainText(shenzhen[0]!.summary);
    // Other specs share this backend and may have raised orders in Shenzhen too: the file must hold
    // exactly what the list shows (one page here), ours among them.
    const shown = await list.locator('tr.mat-mdc-row').count();
    expect(shown).toBeGreaterThanOrEqual(shenzhen.length);
    expect(shown).toBeLessThan(20);

    await page.getByTestId('export-list').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: '导出' })).toBeVisible();
    await dialog.getByTestId('export-format-xlsx').click();
    await saveScreenshot(page, 'exports-dialog-zh-CN', false);
    await dialog.getByTestId('export-start').click();

    await expect(page).toHaveURL(/\/exports/);
    await expect(page.getByRole('heading', { level: 1, name: '导出记录' })).toBeVisible();
    const item = page.getByTestId('export-item').first();
    await expect(item).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await expect(item.getByTestId('export-progress')).toContainText('100%');
    await expect(item.getByTestId('export-progress')).toContainText(`${shown} 行`);
    await saveScreenshot(page, 'exports-records-zh-CN');

    const [download] = await Promise.all([page.waitForEvent('download'), item.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const sheet = readXlsx(readFileSync(await download.path()));
    const [header, ...rows] = sheet.rows.map((r) => r.cells);
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(shown);
    const county = HEADER.indexOf('区县代码');
    for (const row of rows) expect(String(row[county])).toMatch(/^4403\d{2}$/);
    const numbers = rows.map((row) => String(row[0]));
    expect(numbers).not.toContain(guangzhou);
    for (const { number, summary } of shenzhen) {
      const row = rows.find((r) => r[0] === number);
      expect(row?.[HEADER.indexOf('故障描述')]).toBe(summary);
      expect(row?.[HEADER.indexOf('状态')]).toMatch(/[\u3400-\u9fff]/);
    }

    // The same records in English.
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Exports' })).toBeVisible();
    await expect(page.getByTestId('export-item').first().getByTestId('export-progress')).toContainText('100%');
    await saveScreenshot(page, 'exports-records-en');
  });
});
