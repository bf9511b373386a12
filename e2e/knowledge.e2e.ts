// The knowledge base in the console against a development backend: a provider's engineer writes a
// repair plan in the editor and submits it, the provider's admin approves and publishes it from the
// review queue, the equipment user finds it in Chinese with the matched words highlighted — at desktop
// and phone width — and sees it suggested on a work order of that device, beside the comment thread;
// once the order is with the provider, the engineer proposes visit slots and the equipment user
// confirms one.
import { expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const stamp = String(Date.now()).slice(-7);
let cast: Cast;
let orderId: string;

test.describe('knowledge base', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
    const order = await request.post('/api/v1/work-orders', {
      headers: bearer(cast.user.admin.token),
      data: { deviceId: cast.deviceId, fault: { type: 'abnormal-noise', description: '主轴高速运转时异响明显，振动大' }, contact: { name: '张工', phone: '13800138000' } },
    });
    expect(order.status(), await order.text()).toBe(201);
    orderId = ((await order.json()) as { id: string }).id;
  });

  test('an engineer writes a plan, the admin publishes it, the equipment user finds it and sees it on the order', async ({ browser, baseURL, request }) => {
    test.setTimeout(300_000);
    const desktop = { width: 1280, height: 900 };
    // Each person has one browser session: the engineer's and the user's pages stay open to the end.
    const engineerPage = await consoleFor(browser, baseURL!, cast.engineer, cast.provider.name, desktop);

    await test.step('the engineer drafts the plan in the editor and submits it for review', async () => {
      const page = engineerPage;
      await page.goto('/knowledge');
      await expect(page.getByRole('heading', { level: 1, name: '知识库' })).toBeVisible();
      await page.getByTestId('kb-new').click();
      await expect(page.getByRole('heading', { level: 1, name: '新建知识条目' })).toBeVisible();
      await page.getByTestId('kb-field-title').fill('立式加工中心主轴异响的排查与轴承更换');
      await page.getByLabel('故障类型').click();
      await page.getByRole('option', { name: '异响/振动' }).click();
      await page.getByLabel('适用型号').fill('VMC-850');
      await page.getByLabel('故障现象').fill('主轴在 6000 转以上运转时发出尖锐异响');
      await page.getByLabel('故障原因').fill('主轴前轴承磨损');
      await page.getByTestId('kb-field-steps').fill('停机断电并挂牌\n拆下主轴护罩，检查轴承游隙\n更换角接触球轴承并按 120 N·m 预紧');
      await page.getByLabel('所需配件').fill('角接触球轴承 7014C × 2 个');
      await page.getByLabel('所需工具').fill('拉马，扭力扳手');
      await saveScreenshot(page, 'knowledge-editor');
      await page.getByTestId('kb-save').click();
      await expect(page.getByTestId('kb-status')).toHaveText('草稿');
      await expect(page.getByTestId('kb-steps').getByRole('listitem')).toHaveCount(3);
      await page.getByTestId('kb-propose').click();
      await expect(page.getByTestId('kb-status')).toHaveText('待审核');
    });

    await test.step('the provider’s admin approves and publishes it from the review queue', async () => {
      const page = await consoleFor(browser, baseURL!, cast.provider.admin, cast.provider.name, desktop);
      await page.goto('/knowledge');
      await page.getByTestId('kb-queue-review').click();
      await page.getByTestId('kb-results').getByRole('link', { name: /主轴异响/ }).click();
      await page.getByTestId('kb-note').fill('步骤清楚，同意发布');
      await page.getByTestId('kb-approve').click();
      await expect(page.getByTestId('kb-status')).toHaveText('已批准');
      await page.getByTestId('kb-publish').click();
      await expect(page.getByTestId('kb-status')).toHaveText('已发布');
      await saveScreenshot(page, 'knowledge-entry');
      await page.context().close();
    });

    const userPage = await consoleFor(browser, baseURL!, cast.user.admin, cast.user.name, desktop);
    await test.step('the equipment user finds it by 主轴异响 and by model, highlighted, on a phone too', async () => {
      const page = userPage;
      await page.goto(`/knowledge?q=${encodeURIComponent('主轴异响')}`);
      const results = page.getByTestId('kb-results');
      await expect(results.getByRole('listitem')).toHaveCount(1);
      await expect(results.locator('mark').first()).toHaveText('主轴异响');
      await saveScreenshot(page, 'knowledge-search');
      await page.goto(`/knowledge?q=${encodeURIComponent('液压漏油')}`);
      await expect(page.getByText('没有找到条目')).toBeVisible();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/knowledge?q=vmc850`);
      await expect(page.getByTestId('kb-results').getByRole('listitem')).toHaveCount(1);
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await saveScreenshot(page, 'knowledge-search-phone');

      await test.step('the plan is suggested on the work order, and a comment is posted there', async () => {
        await page.setViewportSize(desktop);
        await page.goto(`/work-orders/${orderId}`);
        const suggestions = page.getByTestId('wo-knowledge');
        await expect(suggestions.getByRole('link', { name: /主轴异响/ })).toBeVisible();
        await expect(suggestions.getByText('同类故障')).toBeVisible();
        const comments = page.getByTestId('wo-comments');
        await comments.getByTestId('comment-text').fill('设备已停机，请尽快安排上门');
        await comments.getByTestId('comment-send').click();
        await expect(comments.getByTestId('comment')).toHaveCount(1);
        await expect(comments.getByTestId('comment')).toContainText('设备已停机');
        await saveScreenshot(page, 'work-order-knowledge-comments');
      });
    });

    await test.step('the order goes to the provider and its engineer; he proposes two visit slots, the user confirms one', async () => {
      const step = async (who: { token: string }, name: string, data: object = {}) => {
        const res = await request.post(`/api/v1/work-orders/${orderId}/${name}`, { headers: bearer(who.token), data });
        expect(res.ok(), await res.text()).toBe(true);
      };
      await step(cast.city, 'dispatch', { providerId: cast.provider.id });
      await step(cast.provider.admin, 'accept');
      await step(cast.provider.admin, 'assign', { engineerId: cast.engineer.userId });
      // Wall-clock times in Shanghai, as the browser (Asia/Shanghai) shows them: the day after tomorrow.
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 2 * 86_400_000));
      await engineerPage.goto(`/work-orders/${orderId}`);
      const panel = engineerPage.getByTestId('wo-appointment');
      await panel.getByTestId('slot-start-0').fill(`${day}T09:00`);
      await panel.getByTestId('slot-end-0').fill(`${day}T11:00`);
      await panel.getByRole('button', { name: '增加一个时间段' }).click();
      await panel.getByTestId('slot-start-1').fill(`${day}T14:00`);
      await panel.getByTestId('slot-end-1').fill(`${day}T16:00`);
      await panel.getByTestId('appointment-place').fill('南山区科技园南区 8 栋 2 号车间');
      await panel.getByTestId('appointment-propose').click();
      await expect(panel.getByTestId('appointment-status')).toHaveText('待确认');

      await userPage.goto(`/work-orders/${orderId}`);
      const mine = userPage.getByTestId('wo-appointment');
      await expect(mine.getByTestId('appointment-confirm')).toHaveCount(2);
      await saveScreenshot(userPage, 'work-order-appointment-proposed');
      await mine.getByTestId('appointment-confirm').last().click();
      await expect(mine.getByTestId('appointment-status')).toHaveText('已确认');
      await expect(mine).toContainText('14:00');
      await userPage.setViewportSize({ width: 390, height: 844 });
      // Resized in place: the navigation drawer slides from side to over mode first, then the page fits.
      await expect.poll(() => pageWidth(userPage)).toBeLessThanOrEqual(390);
      await saveScreenshot(userPage, 'work-order-appointment-phone');
    });
    await engineerPage.context().close();
    await userPage.context().close();
  });
});
