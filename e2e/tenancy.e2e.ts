// The operator network against a development backend (its SMS outbox holds the registration codes):
// a national operator drills down the tree and sets up a county node; a county operator, acting for
// its node, sees its own county and nothing beside or above it.
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { HAN, e2eAdminToken, pageWidth, saveScreenshot, smsCodeFor } from './support';

const password = 'Kuaige2026pw';
// Fresh numbers per run: the development backend keeps its data for the whole test run.
const stamp = String(Date.now()).slice(-7);
const national = { phone: `1370${stamp}`, name: '全国管理员' };
const county = { phone: `1371${stamp}`, name: '南山站长' };

async function register(request: APIRequestContext, phone: string, displayName: string): Promise<void> {
  expect((await request.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } })).ok()).toBe(true);
  const smsCode = await smsCodeFor(request, phone);
  const registered = await request.post('/api/v1/auth/register', {
    data: { phone, smsCode, password, displayName, acceptTerms: true, acceptPrivacy: true },
  });
  expect(registered.ok()).toBe(true);
}

/** An access token acting for the operator node named `nodeName`. */
async function actingAs(request: APIRequestContext, phone: string, nodeName: string): Promise<string> {
  const login = await request.post('/api/v1/auth/login', { data: { phone, password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const contexts = (await (await request.get('/api/v1/me/contexts', { headers: auth })).json()) as {
    available: { kind: string; id: string; name: string }[];
  };
  const node = contexts.available.find((c) => c.name === nodeName);
  if (!node) throw new Error(`${phone} cannot act for ${nodeName}`);
  const switched = await request.post('/api/v1/me/context', { headers: auth, data: { kind: node.kind, id: node.id } });
  return ((await switched.json()) as { accessToken: string }).accessToken;
}

async function createNode(request: APIRequestContext, token: string, divisionCode: string, name: string, phone: string): Promise<string> {
  const created = await request.post('/api/v1/operator-nodes', {
    headers: { authorization: `Bearer ${token}` },
    data: { divisionCode, name, principal: { name: '负责人' }, contacts: { phone } },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function signIn(page: Page, phone: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/account\/profile$/);
}

/** Chooses the acting context from the toolbar's switcher, as a user does. */
async function chooseContext(page: Page, name: string): Promise<void> {
  await page.getByTestId('context-switcher').click();
  await page.getByRole('menuitemradio', { name: new RegExp(name) }).click();
  // On phones the switcher is an icon: its accessible name says who the user acts for.
  await expect(page.getByTestId('context-switcher')).toHaveAttribute('aria-label', new RegExp(name));
  // Disabled until the page on screen has been reloaded in the new context.
  await expect(page.getByTestId('context-switcher')).toBeEnabled();
}

test.describe('operator network', () => {
  test.beforeAll(async ({ request }) => {
    await register(request, national.phone, national.name);
    await register(request, county.phone, county.name);
    const root = await request.post('/api/v1/operations/tenancy/national-root', {
      headers: { authorization: `Bearer ${e2eAdminToken()}` },
      data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
    });
    expect(root.ok(), await root.text()).toBe(true);
    const token = await actingAs(request, national.phone, '快鸽全国运营中心');
    // A worker that starts again (after a failure) runs this again with new numbers against the
    // same backend: nodes set up before are reused, and the new county user is appointed anyway.
    const nodeOf = async (divisionCode: string, parent: string, name: string, phone: string) => {
      const tree = await request.get(`/api/v1/operator-tree?parent=${parent}`, { headers: { authorization: `Bearer ${token}` } });
      const items = ((await tree.json()) as { items: { code: string; node: { id: string } | null }[] }).items;
      return items.find((i) => i.code === divisionCode)?.node?.id ?? (await createNode(request, token, divisionCode, name, phone));
    };
    await nodeOf('44', 'CN', '广东省运营中心', national.phone);
    await nodeOf('4403', '44', '深圳市运营中心', national.phone);
    const nanshan = await nodeOf('440305', '4403', '南山区运营站', county.phone);
    const appointed = await request.post(`/api/v1/operator-nodes/${nanshan}/staff`, {
      headers: { authorization: `Bearer ${token}` },
      data: { phone: county.phone, roles: ['operator-admin'] },
    });
    expect(appointed.status(), await appointed.text()).toBe(201);
  });

  test('a national operator drills down province → city and sets up a county node', async ({ page }) => {
    await signIn(page, national.phone);
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

    const luohu = children.getByRole('listitem').filter({ hasText: '罗湖区' });
    await expect(luohu).toContainText('未设立运营节点');
    await saveScreenshot(page, 'operator-tree-zh');
    await luohu.getByTestId('create-node').click();

    await expect(page.getByRole('heading', { level: 1, name: '设立运营节点' })).toBeVisible();
    await page.getByTestId('create-node-submit').click();
    // Client-side checks first: nothing is sent while required fields are empty.
    await expect(page).toHaveURL(/nodes\/new\?division=440303/);
    await page.getByTestId('node-name').fill('罗湖区运营站');
    await page.getByLabel('负责人').fill('钱站长');
    await page.getByLabel('联系电话').fill(county.phone);
    await page.getByTestId('create-node-submit').click();

    await expect(page).toHaveURL(/\/operator-network\/nodes\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: '罗湖区运营站' })).toBeVisible();
    await expect(page.locator('kg-status')).toHaveText('正常');
    // The contact number comes back masked.
    await expect(page.locator('.kg-facts')).toContainText(`${county.phone.slice(0, 3)}****${county.phone.slice(-4)}`);
  });

  test('a county operator sees only its county, however the address is edited', async ({ page }) => {
    await signIn(page, county.phone);
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

  test.describe('at phone width, in English', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('the county view and the review queue fit the screen', async ({ page }) => {
      await signIn(page, county.phone);
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
