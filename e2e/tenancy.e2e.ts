// The operator network against a development backend (its SMS outbox holds the registration codes):
// a national operator drills down the tree and sets up a county node; a county operator, acting for
// its node, sees its own county and nothing beside or above it.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { HAN, e2eAdminToken, maskedMobile, pageWidth, saveScreenshot } from './support';
import { PNG, type Person, actFor, bearer, chooseContext, enrolTotp, nodeOf, openConsole, person, usccFor } from './tenancy-support';

// Fresh numbers per worker: the development backend keeps its data for the whole test run.
const stamp = String(Date.now()).slice(-7);
let national: Person;
let county: Person;
let applicant: Person;

/** A token of the county operator acting for its node (its API session switched once). */
let countyActing: string | null = null;
async function countyToken(request: APIRequestContext): Promise<string> {
  if (!countyActing) {
    await actFor(request, county, '南山区运营站');
    countyActing = county.token;
  }
  return countyActing;
}

test.describe('operator network', () => {
  test.beforeAll(async ({ request }) => {
    national = await person(request, `1370${stamp}`, '全国管理员', 1);
    county = await person(request, `1371${stamp}`, '南山站长', 2);
    applicant = await person(request, `1376${stamp}`, '入驻申请人', 1);
    const root = await request.post('/api/v1/operations/tenancy/national-root', {
      headers: bearer(e2eAdminToken()),
      data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
    });
    expect(root.ok(), await root.text()).toBe(true);
    // Operator roles are privileged: they act only with TOTP set up.
    await enrolTotp(request, national);
    await enrolTotp(request, county);
    await actFor(request, national, '快鸽全国运营中心');
    // Another worker (after a failure) or the organization tests may have set these up already.
    await nodeOf(request, national, 'CN', '44', '广东省运营中心', national.phone);
    await nodeOf(request, national, '44', '4403', '深圳市运营中心', national.phone);
    const nanshan = await nodeOf(request, national, '4403', '440305', '南山区运营站', county.phone);
    const appointed = await request.post(`/api/v1/operator-nodes/${nanshan}/staff`, {
      headers: bearer(national.token),
      data: { phone: county.phone, roles: ['operator-admin'] },
    });
    expect(appointed.status(), await appointed.text()).toBe(201);
  });

  test('a national operator drills down province → city and sets up a county node', async ({ page }) => {
    await openConsole(page, national);
    const navigation = page.getByRole('navigation', { name: '主导航' });
    // No acting context yet: nothing of the operator's work is offered.
    await expect(navigation.getByRole('link', { name: '运营网络' })).toHaveCount(0);

    await chooseContext(page, '快鸽全国运营中心');
    await navigation.getByRole('link', { name: '运营网络' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '运营网络' })).toBeVisible();
    const children = page.getByTestId('tree-children');
    await children.getByRole('link', { name: '广东省', exact: true }).click();
    await children.getByRole('link', { name: '深圳市', exact: true }).click();
    await expect(page.getByTestId('tree-breadcrumb')).toHaveText(/全国.*广东省.*深圳市/);
    await expect(page.getByTestId('tree-current')).toContainText('深圳市运营中心');

    // A county left without a node by earlier runs: 罗湖区 the first time, others after.
    const free = children.getByRole('listitem').filter({ hasText: '未设立运营节点' }).first();
    const division = (await free.locator('.kg-mono').first().textContent())!.trim();
    await saveScreenshot(page, 'operator-tree-zh');
    await free.getByTestId('create-node').click();

    await expect(page.getByRole('heading', { level: 1, name: '设立运营节点' })).toBeVisible();
    await page.getByTestId('create-node-submit').click();
    // Client-side checks first: nothing is sent while required fields are empty.
    await expect(page).toHaveURL(new RegExp(`nodes/new\\?division=${division}`));
    await page.getByTestId('node-name').fill(`运营站${division}`);
    await page.getByLabel('负责人').fill('钱站长');
    await page.getByLabel('联系电话').fill(county.phone);
    await page.getByTestId('create-node-submit').click();

    await expect(page).toHaveURL(/\/operator-network\/nodes\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: `运营站${division}` })).toBeVisible();
    await expect(page.locator('kg-status')).toHaveText('正常');
    // The contact number comes back masked.
    await expect(page.locator('.kg-facts')).toContainText(maskedMobile(county.phone));
  });

  test('a county operator sees only its county, however the address is edited', async ({ page }) => {
    await openConsole(page, county);
    await chooseContext(page, '南山区运营站');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '运营网络' }).click();

    await expect(page.getByTestId('tree-breadcrumb')).toHaveText('南山区');
    await expect(page.getByTestId('tree-current')).toContainText('440305');
    await expect(page.getByTestId('tree-current')).toContainText('南山区运营站');
    await expect(page.getByTestId('tree-children')).toHaveCount(0);

    // A path into the province is not below this operator's root: the trail stops at the county.
    await page.goto('/operator-network?path=44,4403');
    await expect(page.getByTestId('tree-breadcrumb')).toHaveText('南山区');
    await expect(page.getByText('广东省')).toHaveCount(0);
    await saveScreenshot(page, 'operator-tree-county-zh');
  });

  test('someone registers an enterprise: USCC checked as typed, county by cascading selects, licence uploaded', async ({
    page,
    request,
  }) => {
    await openConsole(page, applicant);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '企业入驻' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '企业入驻' })).toBeVisible();

    await page.getByTestId('enterprise-type').click();
    await page.getByRole('option', { name: '设备制造商' }).click();
    const name = `南山精密${stamp}`;
    await page.getByLabel('企业名称').fill(name);
    const uscc = usccFor(`8${stamp}`);
    // A wrong check character is caught before anything is sent.
    await page.getByLabel('统一社会信用代码').fill(`${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`);
    await page.getByLabel('企业名称').click();
    await expect(page.getByText('校验位不正确，请核对')).toBeVisible();
    await page.getByLabel('统一社会信用代码').fill(uscc);
    await expect(page.getByText('校验位不正确，请核对')).toHaveCount(0);

    await page.getByTestId('division-province').click();
    await page.getByRole('option', { name: '广东省' }).click();
    await page.getByTestId('division-city').click();
    await page.getByRole('option', { name: '深圳市' }).click();
    await page.getByTestId('division-county').click();
    await page.getByRole('option', { name: '南山区' }).click();
    await page.getByLabel('详细地址').fill('粤海街道 1 号');
    await page.getByTestId('licence-file').setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: PNG });
    await expect(page.getByText('licence.png')).toBeVisible();
    await saveScreenshot(page, 'enterprise-register-zh');
    await page.getByTestId('register-enterprise').click();
    await expect(page.getByRole('heading', { name: '已提交，等待审核' })).toBeVisible();

    // The county's operator finds it waiting for review, with the county the selects chose.
    const queue = await request.get(`/api/v1/enterprises?status=pending-review&q=${encodeURIComponent(name)}`, {
      headers: bearer(await countyToken(request)),
    });
    const items = ((await queue.json()) as { items: { name: string; uscc: string; address: { countyCode: string } }[] }).items;
    expect(items).toEqual([expect.objectContaining({ name, uscc, address: expect.objectContaining({ countyCode: '440305' }) })]);
  });

  test.describe('at phone width, in English', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('the county view and the review queue fit the screen', async ({ page }) => {
      await openConsole(page, county);
      await page.getByRole('button', { name: '切换语言' }).click();
      await page.getByRole('menuitemradio', { name: 'English' }).click();
      await chooseContext(page, '南山区运营站');
      await page.goto('/operator-network');
      await expect(page.getByRole('heading', { level: 1, name: 'Operator network' })).toBeVisible();
      await expect(page.getByTestId('tree-current')).toContainText('County · 440305');
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'operator-tree-county-en-phone');

      await page.goto('/enterprises/review');
      await expect(page.getByRole('heading', { level: 1, name: 'Enterprise review' })).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      // Division and enterprise names are data, but the console's own words are English.
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(HAN);
      await saveScreenshot(page, 'enterprise-review-en-phone');
    });
  });
});
