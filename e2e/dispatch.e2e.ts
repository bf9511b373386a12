// Dispatch master data against a development backend (its SMS outbox holds the registration codes):
// a service provider's admin fills in the service profile (device and fault types, a service region
// picked from the division tree, capacity), starts an engineer's profile from the directory, and the
// engineer adds a skill on their own page — in Chinese, at desktop and phone width.
import { expect, test } from '@playwright/test';
import { e2eAdminToken, pageWidth, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, licence, nodeOf, openConsole, person, usccFor } from './tenancy-support';

const stamp = String(Date.now()).slice(-7);
const providerName = `鸽速机电服务${stamp}`;

let founder: Person;
let engineer: Person;

test.describe('provider and engineer profiles', () => {
  test.beforeAll(async ({ request }) => {
    const national = await person(request, `1385${stamp}`, '全国运营');
    const city = await person(request, `1382${stamp}`, '深圳审核员');
    founder = await person(request, `1383${stamp}`, '服务商管理员', 3);
    engineer = await person(request, `1384${stamp}`, '王建国', 1);
    for (const privileged of [national, city, founder]) await enrolTotp(request, privileged);
    const root = await request.post('/api/v1/operations/tenancy/national-root', {
      headers: bearer(e2eAdminToken()),
      data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
    });
    expect(root.ok(), await root.text()).toBe(true);
    await actFor(request, national, '快鸽全国运营中心');
    await nodeOf(request, national, 'CN', '44', '广东省运营中心', city.phone);
    const shenzhen = await nodeOf(request, national, '44', '4403', '深圳市运营中心', city.phone);
    const appointed = await request.post(`/api/v1/operator-nodes/${shenzhen}/staff`, { headers: bearer(national.token), data: { phone: city.phone, roles: ['operator-admin'] } });
    expect(appointed.status(), await appointed.text()).toBe(201);
    const registered = await request.post('/api/v1/enterprises', {
      headers: bearer(founder.token),
      data: { type: 'service-provider', name: providerName, uscc: usccFor(`8${stamp}`), address: { countyCode: '440305', line: '科技园北区 3 栋' }, licence: await licence(request, founder) },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const enterpriseId = ((await registered.json()) as { id: string }).id;
    await actFor(request, city, '深圳市运营中心');
    expect((await request.post(`/api/v1/enterprises/${enterpriseId}/approve`, { headers: bearer(city.token), data: {} })).ok()).toBe(true);
    expect((await request.post(`/api/v1/enterprises/${enterpriseId}/join-requests`, { headers: bearer(engineer.token), data: {} })).ok()).toBe(true);
    await actFor(request, founder, providerName);
    const admitted = await request.get(`/api/v1/enterprises/${enterpriseId}/members?status=requested`, { headers: bearer(founder.token) });
    const userId = ((await admitted.json()) as { items: { userId: string }[] }).items[0]!.userId;
    const approved = await request.post(`/api/v1/enterprises/${enterpriseId}/members/${userId}/approve`, { headers: bearer(founder.token), data: { roles: ['engineer'] } });
    expect(approved.ok(), await approved.text()).toBe(true);
  });

  test('the provider sets its service profile and an engineer profile; the engineer adds a skill', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await openConsole(page, founder);
    await chooseContext(page, providerName);
    const navigation = page.getByRole('navigation', { name: '主导航' });

    await test.step('service profile: types, a region from the division tree, capacity', async () => {
      await navigation.getByRole('link', { name: '服务档案' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '服务档案' })).toBeVisible();
      await expect(page.getByText('尚未设置服务档案')).toBeVisible();
      await page.getByTestId('device-types').click();
      await page.getByRole('option', { name: '数控机床' }).click();
      await page.getByRole('option', { name: '工业机器人' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('fault-types').click();
      await page.getByRole('option', { name: '电气故障' }).click();
      await page.getByRole('option', { name: '控制系统故障' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('region-province').click();
      await page.getByRole('option', { name: '广东省' }).click();
      await page.getByTestId('region-city').click();
      await page.getByRole('option', { name: '深圳市' }).click();
      await page.getByTestId('add-region').click();
      await expect(page.getByTestId('service-regions')).toContainText('广东省 · 深圳市');
      await page.getByTestId('capacity').fill('12');
      await page.getByTestId('save-provider-profile').click();
      await expect(page.getByTestId('saved')).toContainText('保存');
      await expect(page.getByText('尚未设置服务档案')).toHaveCount(0);
      await expect(page.getByTestId('provider-stats')).toContainText('12');
      await saveScreenshot(page, 'provider-profile-zh');
    });

    await test.step('engineer profile: started from the directory, level and skills set', async () => {
      await navigation.getByRole('link', { name: '工程师名录' }).click();
      await expect(page.getByText('没有符合条件的工程师')).toBeVisible();
      await page.getByTestId('start-engineer-profile').click();
      await page.getByRole('option', { name: engineer.name }).click();
      await expect(page.getByRole('heading', { level: 1, name: '工程师档案' })).toBeVisible();
      await expect(page.getByText('尚未建立档案')).toBeVisible();
      await page.getByTestId('engineer-device-types').click();
      await page.getByRole('option', { name: '数控机床' }).click();
      await page.keyboard.press('Escape');
      await page.getByTestId('engineer-fields').fill('FANUC 数控系统、伺服驱动');
      await page.getByTestId('engineer-level').click();
      await page.getByRole('option', { name: '高级' }).click();
      await page.getByTestId('save-engineer-profile').click();
      await expect(page.getByTestId('engineer-summary')).toContainText('高级');
      await page.getByRole('link', { name: '工程师名录' }).first().click();
      const table = page.getByTestId('engineers');
      await expect(table).toContainText(engineer.name);
      await expect(table).toContainText('数控机床');
      await expect(table).toContainText('FANUC 数控系统、伺服驱动');
      await page.getByTestId('engineer-skill').click();
      await page.getByRole('option', { name: '工业机器人' }).click();
      await expect(page.getByText('没有符合条件的工程师')).toBeVisible();
      await page.goto('/dispatch/engineers');
      await expect(table).toContainText(engineer.name);
      await saveScreenshot(page, 'engineer-directory-zh');
    });

    await test.step('the engineer adds a fault type to their own skills, at phone width', async () => {
      const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
      const mine = await phone.newPage();
      await openConsole(mine, engineer);
      await chooseContext(mine, providerName);
      await mine.goto('/dispatch/my-profile');
      await expect(mine.getByRole('heading', { level: 1, name: '我的技能档案' })).toBeVisible();
      await expect(mine.getByTestId('engineer-summary')).toContainText('高级');
      await expect(mine.getByTestId('engineer-level')).toHaveCount(0);
      await mine.getByTestId('engineer-fields').fill('FANUC 数控系统、伺服驱动、西门子 840D');
      await mine.getByTestId('save-engineer-profile').click();
      await expect(mine.getByTestId('saved')).toContainText('保存');
      expect(await pageWidth(mine)).toBeLessThanOrEqual(360);
      await saveScreenshot(mine, 'my-engineer-profile-phone-zh');
      await phone.close();
      await page.reload();
      await expect(page.getByTestId('engineers')).toContainText('西门子 840D');
    });
  });

  test.describe('at phone width', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('the directory becomes one block per engineer and nothing overflows', async ({ page }) => {
      await openConsole(page, founder);
      await chooseContext(page, providerName);
      await page.goto('/dispatch/engineers');
      await expect(page.getByTestId('engineers')).toContainText(engineer.name);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'engineer-directory-phone-zh');
      await page.goto('/dispatch/provider-profile');
      await expect(page.getByTestId('provider-stats')).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'provider-profile-phone-zh');
    });
  });
});
