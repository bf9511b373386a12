// Enterprise administration against a development backend (its SMS outbox holds the registration
// codes): an enterprise admin builds a department tree (by menu and by dragging), creates a role from
// the permission matrix, and denies an employee a permission, which that employee's very next request
// (with the token it already holds) no longer has.
import { type Page, expect, test } from '@playwright/test';
import { e2eAdminToken, pageWidth, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, licence, nodeOf, openConsole, person, usccFor } from './tenancy-support';

const stamp = String(Date.now()).slice(-7);
const enterpriseName = `鸽联机械${stamp}`;

/** The department tree as name → level; siblings' order is the browser's collation, so not compared. */
const treeOf = async (page: Page): Promise<Record<string, string | null>> =>
  Object.fromEntries(
    await page
      .getByTestId('department-tree')
      .getByRole('treeitem')
      .evaluateAll((items) => items.map((i) => [i.getAttribute('data-department'), i.getAttribute('aria-level')])),
  );

/** Names in the order shown: a sub-department follows its parent. */
const orderOf = (page: Page) =>
  page
    .getByTestId('department-tree')
    .getByRole('treeitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-department')));

let enterpriseId = '';
let founder: Person;
let employee: Person;

test.describe('enterprise administration', () => {
  test.beforeAll(async ({ request }) => {
    const national = await person(request, `1375${stamp}`, '全国运营');
    const city = await person(request, `1372${stamp}`, '深圳审核员');
    founder = await person(request, `1373${stamp}`, '企业管理员', 2);
    employee = await person(request, `1374${stamp}`, '派单员工');
    // Operators and enterprise admins are privileged: they act only with TOTP set up.
    for (const privileged of [national, city, founder]) await enrolTotp(request, privileged);

    // The national operator sets up Shenzhen's node with the reviewer on its staff.
    const root = await request.post('/api/v1/operations/tenancy/national-root', {
      headers: bearer(e2eAdminToken()),
      data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
    });
    expect(root.ok(), await root.text()).toBe(true);
    await actFor(request, national, '快鸽全国运营中心');
    await nodeOf(request, national, 'CN', '44', '广东省运营中心', city.phone);
    const shenzhen = await nodeOf(request, national, '44', '4403', '深圳市运营中心', city.phone);
    const appointed = await request.post(`/api/v1/operator-nodes/${shenzhen}/staff`, {
      headers: bearer(national.token),
      data: { phone: city.phone, roles: ['operator-admin'] },
    });
    expect(appointed.status(), await appointed.text()).toBe(201);

    // The founder registers the enterprise; the city operator approves it, which makes the founder its admin.
    const registered = await request.post('/api/v1/enterprises', {
      headers: bearer(founder.token),
      data: {
        type: 'manufacturer',
        name: enterpriseName,
        uscc: usccFor(stamp),
        address: { countyCode: '440305', line: '科技园南区 8 栋' },
        licence: await licence(request, founder),
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    enterpriseId = ((await registered.json()) as { id: string }).id;
    await actFor(request, city, '深圳市运营中心');
    const approved = await request.post(`/api/v1/enterprises/${enterpriseId}/approve`, { headers: bearer(city.token), data: {} });
    expect(approved.ok(), await approved.text()).toBe(true);

    // The employee asks to join and is admitted as a plain member.
    const joined = await request.post(`/api/v1/enterprises/${enterpriseId}/join-requests`, { headers: bearer(employee.token), data: {} });
    expect(joined.ok(), await joined.text()).toBe(true);
    await actFor(request, founder, enterpriseName);
    const requested = (await (
      await request.get(`/api/v1/enterprises/${enterpriseId}/members?status=requested`, { headers: bearer(founder.token) })
    ).json()) as { items: { userId: string }[] };
    const admitted = await request.post(`/api/v1/enterprises/${enterpriseId}/members/${requested.items[0]!.userId}/approve`, {
      headers: bearer(founder.token),
      data: { roles: ['member'] },
    });
    expect(admitted.ok(), await admitted.text()).toBe(true);
    await actFor(request, employee, enterpriseName);
  });

  test('build a department tree, create a role from the matrix, deny an employee a permission', async ({ page, request }) => {
    test.setTimeout(120_000);
    await openConsole(page, founder);
    await chooseContext(page, enterpriseName);
    const navigation = page.getByRole('navigation', { name: '主导航' });

    await test.step('departments: add three, move one by its menu and one by dragging', async () => {
      await navigation.getByRole('link', { name: '部门管理' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '部门管理' })).toBeVisible();
      const add = async (name: string, parent?: string) => {
        await page.getByTestId('department-name').fill(name);
        // The parent chosen last stays selected (handy for adding siblings): choose it every time.
        await page.getByTestId('department-parent').click();
        await page.getByRole('option', { name: parent ? new RegExp(parent) : '（顶级）' }).click();
        await page.getByTestId('add-department').click();
        await expect(page.getByTestId('department-tree').getByRole('treeitem', { name: new RegExp(name) })).toBeVisible();
      };
      await add('销售部');
      await add('华南区', '销售部');
      await add('售后服务部');
      expect(await treeOf(page)).toEqual({ 销售部: '1', 华南区: '2', 售后服务部: '1' });
      const order = await orderOf(page);
      expect(order.indexOf('华南区')).toBe(order.indexOf('销售部') + 1);

      // The keyboard way: the row's menu, "move to…", the new parent.
      await page.getByRole('button', { name: '售后服务部 的操作' }).click();
      await page.getByRole('menuitem', { name: '移动到…' }).click();
      await page.getByRole('menuitem', { name: /销售部/ }).click();
      await expect.poll(() => treeOf(page)).toEqual({ 销售部: '1', 华南区: '2', 售后服务部: '2' });

      // Drag 华南区 by its handle onto the top-level zone.
      const handle = page.locator('li[data-department="华南区"] .handle');
      const zone = page.locator('.root-drop');
      const from = (await handle.boundingBox())!;
      const to = (await zone.boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + 20, from.y - 10, { steps: 5 });
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
      await page.mouse.up();
      await expect.poll(() => treeOf(page)).toEqual({ 销售部: '1', 华南区: '1', 售后服务部: '2' });
      await saveScreenshot(page, 'departments-zh');
    });

    await test.step('roles: tick cells of the permission matrix and save a new role', async () => {
      await navigation.getByRole('link', { name: '角色权限' }).click();
      await page.getByTestId('new-role').click();
      await page.getByTestId('role-name').fill('派单员');
      const matrix = page.getByTestId('permission-matrix');
      for (const permission of ['work-order:read', 'work-order:dispatch', 'department:read']) {
        await matrix.locator(`[data-permission="${permission}"] input`).check();
      }
      // No checkbox where the catalogue has no such pair (a department is never dispatched).
      await expect(matrix.locator('[data-permission="department:dispatch"]')).toHaveCount(0);
      await expect(page.getByTestId('role-editor')).toContainText('已选 3 项权限');
      await saveScreenshot(page, 'role-matrix-zh');
      await page.getByTestId('save-role').click();
      await expect(page.getByTestId('roles').getByRole('listitem').filter({ hasText: '派单员' })).toContainText('3 项权限');
    });

    await test.step('overrides: the employee reads departments, then is denied, on the very next request', async () => {
      const before = await request.get(`/api/v1/enterprises/${enterpriseId}/departments`, { headers: bearer(employee.token) });
      expect(before.status()).toBe(200);

      await navigation.getByRole('link', { name: '员工管理' }).click();
      await page.getByRole('button', { name: `${employee.name} 的操作` }).click();
      await page.getByRole('menuitem', { name: '个人权限' }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${employee.name} 的个人权限` })).toBeVisible();
      const cell = page.getByTestId('override-matrix').locator('[data-permission="department:read"]');
      await cell.click();
      await expect(cell).toHaveAttribute('data-state', 'allow');
      await cell.click();
      await expect(cell).toHaveAttribute('data-state', 'deny');
      await page.getByTestId('save-overrides').click();
      await expect(page.getByRole('status').filter({ hasText: '已保存' })).toBeVisible();
      await saveScreenshot(page, 'overrides-zh');

      // The same access token as before: the deny applies from the next request on.
      const after = await request.get(`/api/v1/enterprises/${enterpriseId}/departments`, { headers: bearer(employee.token) });
      expect(after.status()).toBe(403);
    });
  });

  test.describe('at phone width', () => {
    test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

    test('the employee list becomes one block per person and nothing overflows', async ({ page }) => {
      await openConsole(page, founder);
      await chooseContext(page, enterpriseName);
      await page.goto('/organization/members');
      await expect(page.getByTestId('members')).toContainText(employee.name);
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
      await saveScreenshot(page, 'members-phone-zh');
      await page.goto('/organization/roles');
      await expect(page.getByTestId('roles')).toBeVisible();
      expect(await pageWidth(page)).toBeLessThanOrEqual(360);
    });
  });
});
