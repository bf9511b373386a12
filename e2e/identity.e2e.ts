// The identity flows against a development backend (its SMS outbox holds the codes): register, sign
// in, set up TOTP from the shown secret, sign in with it, and end a second device's session.
import { type Page, expect, test } from '@playwright/test';
import { e2eAdminToken, maskedMobile, pageWidth, saveScreenshot, smsCodeFor } from './support';
import { freshCode, stepAt, totp } from './totp';

async function signIn(page: Page, phone: string, password: string): Promise<void> {
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

// A fresh number per run: the development backend keeps its data for the whole test run.
const phone = `139${String(Date.now()).slice(-8)}`;
const password = 'Kuaige2026pw';
const displayName = '测试工程师';
const maskedPhone = maskedMobile(phone);

test.describe('identity', () => {
  test('register, sign in, set up TOTP, sign in with it, and end another device’s session', async ({ page, request, browser }) => {
    // Waiting for a fresh 30 s TOTP step can take that long.
    test.setTimeout(120_000);

    await test.step('register with an SMS code from the development outbox', async () => {
      await page.goto('/register');
      await expect(page.getByRole('heading', { level: 1, name: '注册' })).toBeVisible();
      await expect(page).toHaveTitle('注册 · 快鸽服务云');
      // The outbox exists in development, so the navigation offers it.
      await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '开发短信发件箱' })).toBeVisible();

      await page.getByLabel('手机号').fill(phone);
      await page.getByRole('button', { name: '获取验证码' }).click();
      await expect(page.getByRole('button', { name: /\d+ 秒后重发/ })).toBeDisabled();
      const code = await smsCodeFor(request, phone);

      // The password hints tick live as the rules are met.
      const rules = page.getByRole('list', { name: '密码要求' });
      await page.getByLabel('密码', { exact: true }).fill('abc');
      await expect(rules.locator('li.met')).toHaveCount(1);
      await page.getByLabel('密码', { exact: true }).fill(password);
      await expect(rules.locator('li.met')).toHaveCount(3);

      await page.getByLabel('短信验证码').fill(code);
      await page.getByLabel('昵称').fill(displayName);
      await page.getByRole('checkbox', { name: /服务条款/ }).check();
      await page.getByRole('checkbox', { name: /隐私政策/ }).check();
      await saveScreenshot(page, 'register-zh');
      await page.getByRole('button', { name: '注册', exact: true }).click();

      await expect(page).toHaveURL(/\/login\?reason=registered/);
      await expect(page.getByTestId('login-notice')).toHaveText(/注册成功，请登录/);
      await saveScreenshot(page, 'login-zh');
    });

    await test.step('a wrong password is refused without saying which part was wrong', async () => {
      await signIn(page, phone, 'Wrong2026pw');
      await expect(page.getByTestId('login-notice')).toHaveText(/手机号或密码错误/);
    });

    await test.step('sign in: the toolbar shows the user with the masked number', async () => {
      await signIn(page, phone, password);
      await expect(page).toHaveURL(/\/account\/profile$/);
      const userMenu = page.getByTestId('user-menu');
      await expect(userMenu).toContainText(displayName);
      await expect(userMenu).toContainText(maskedPhone);
      await expect(page.getByTestId('profile')).toContainText(maskedPhone);
    });

    let secret = '';
    let confirmedStep = 0;
    let recoveryCodes: string[] = [];
    await test.step('set up TOTP: step-up, QR code and secret, confirm with a computed code, recovery codes', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '安全设置' }).click();
      await expect(page.getByRole('heading', { level: 1, name: '安全设置' })).toBeVisible();
      await expect(page.getByTestId('mfa-state')).toHaveText('未开启');

      await page.getByRole('button', { name: '开启两步验证' }).click();
      const dialog = page.getByRole('dialog', { name: '验证身份' });
      await dialog.getByLabel('密码').fill(password);
      await dialog.getByRole('button', { name: '验证' }).click();
      await expect(dialog).toHaveCount(0);

      const qr = page.getByRole('img', { name: '用于添加到身份验证器的二维码' });
      await expect(qr).toBeVisible();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
      secret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await expect(page.getByTestId('totp-secret')).toHaveText(secret.replace(/(.{4})/g, '$1 ').trim());
      await saveScreenshot(page, 'security-qr-zh');

      confirmedStep = stepAt();
      await page.getByLabel('6 位动态验证码').fill(totp(secret, confirmedStep));
      await page.getByRole('button', { name: '验证并开启' }).click();
      await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
      recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allInnerTexts()).map((c) => c.trim());
      await page.getByRole('button', { name: '我已保存' }).click();
      await expect(page.getByTestId('mfa-state')).toHaveText('已开启');
      await expect(page.getByText('剩余恢复码：10 个。')).toBeVisible();
    });

    await test.step('log out, then sign in again with a fresh authenticator code', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/login\?reason=signed-out/);
      await expect(page.getByTestId('user-menu')).toHaveCount(0);
      await expect(page.getByRole('link', { name: '登录' })).toBeVisible();

      await signIn(page, phone, password);
      await expect(page.getByText('您的账户已开启两步验证')).toBeVisible();
      // The step used to confirm the set-up is spent: wait for the next one if needed.
      const { code } = await freshCode(secret, confirmedStep);
      await page.getByLabel('6 位动态验证码').fill(code);
      await page.getByRole('button', { name: '验证并登录' }).click();
      await expect(page).toHaveURL(/\/account\/profile$/);
    });

    const second = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
    const other = await second.newPage();
    await test.step('a second device signs in with a recovery code', async () => {
      await other.goto('/login');
      await signIn(other, phone, password);
      await other.getByRole('button', { name: '使用恢复码' }).click();
      await other.getByLabel('恢复码').fill(recoveryCodes[0]!);
      await other.getByRole('button', { name: '验证并登录' }).click();
      await expect(other).toHaveURL(/\/account\/profile$/);
      await expect(other.getByTestId('user-menu')).toContainText(displayName);
    });

    await test.step('the first device lists both sessions and ends the other one', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '安全设置' }).click();
      const sessions = page.getByTestId('sessions').locator('li');
      await expect(sessions).toHaveCount(2);
      const current = sessions.filter({ hasText: '本设备' });
      await expect(current).toHaveCount(1);
      await expect(current).toContainText('Headless Chrome');
      await expect(current).toContainText('Linux');
      await expect(page.getByTestId('login-log')).toContainText('密码 + 恢复码');
      await expect(page.getByTestId('login-log')).toContainText('密码错误');
      // The recovery code the second device used is gone.
      await expect(page.getByText('剩余恢复码：9 个。')).toBeVisible();
      await saveScreenshot(page, 'sessions-zh');

      const others = sessions.filter({ hasNotText: '本设备' });
      await others.getByRole('button', { name: '结束' }).click();
      await expect(sessions).toHaveCount(1);
      await expect(page.getByText('只有本设备登录着您的账户。')).toBeVisible();

      // At phone width the page still fits: the sessions wrap, and each sign-in attempt becomes a
      // block of labelled lines that fits the screen (no sideways scrolling inside the card either).
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(390);
      const log = page.getByTestId('login-log');
      await expect.poll(() => log.evaluate((table) => table.scrollWidth <= (table.parentElement?.clientWidth ?? 0))).toBe(true);
      await expect(log.locator('td').first()).toHaveAttribute('data-label', '时间');
      await saveScreenshot(page, 'security-phone-zh');
      await page.setViewportSize({ width: 1440, height: 900 });
    });

    await test.step('the second device is signed out on its next request', async () => {
      // A navigation inside the console: the page still holds its access token in memory, the
      // backend refuses it, the refresh is refused as well, and the sign-in page explains why.
      await other.getByTestId('user-menu').click();
      await other.getByRole('menuitem', { name: '安全设置' }).click();
      await expect(other).toHaveURL(/\/login\?reason=expired/);
      await expect(other.getByTestId('login-notice')).toHaveText(/登录已过期或已在其他设备上结束/);
      await expect(other.getByTestId('user-menu')).toHaveCount(0);
      // No global error notice for it: the sign-in page already says what happened.
      await expect(other.locator('mat-snack-bar-container')).toHaveCount(0);
    });
    await second.close();
  });

  test('the development SMS outbox asks for the admin token and shows numbers masked', async ({ page, request }) => {
    const other = `138${String(Date.now()).slice(-8)}`;
    expect((await request.post('/api/v1/auth/sms-codes', { data: { phone: other, purpose: 'register' } })).status()).toBe(202);
    // Without the token the outbox lends itself to nobody, not even through the API.
    expect((await request.get('/api/v1/dev/sms-outbox')).status()).toBe(401);

    await page.goto('/dev/sms-outbox');
    await expect(page.getByRole('heading', { level: 1, name: '开发短信发件箱' })).toBeVisible();
    await page.getByLabel('管理令牌').fill('not-the-token-at-all-not-the-token');
    await page.getByRole('button', { name: '打开发件箱' }).click();
    await expect(page.getByText('管理令牌无效，请重新粘贴。')).toBeVisible();

    await page.getByLabel('管理令牌').fill(e2eAdminToken());
    await page.getByRole('button', { name: '打开发件箱' }).click();
    const outbox = page.getByTestId('outbox');
    await expect(outbox.locator('li').filter({ hasText: maskedMobile(other) })).toContainText(/验证码 \d{6}/);
    await expect(outbox).not.toContainText(other);
    await saveScreenshot(page, 'sms-outbox-zh');

    // The token stays for the tab's session: a reload opens the outbox straight away.
    await page.reload();
    await expect(page.getByTestId('outbox')).toBeVisible();
    await page.getByRole('button', { name: '忘记令牌' }).click();
    await expect(page.getByLabel('管理令牌')).toBeVisible();
  });

  test('signed-in pages send visitors to sign in and back; the sign-in page fits a phone', async ({ browser }) => {
    const phoneContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await phoneContext.newPage();
    await page.goto('/account/security');
    await expect(page).toHaveURL(/\/login\?returnUrl=%2Faccount%2Fsecurity$/);
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expect(page.getByLabel('手机号')).toBeVisible();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    // Form fields use the full width of the card.
    const field = await page.locator('mat-form-field').first().boundingBox();
    expect(field?.width).toBeGreaterThan(300);
    await saveScreenshot(page, 'phone-login-zh');

    await page.getByRole('link', { name: '忘记密码' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '忘记密码' })).toBeVisible();
    await page.goto('/terms');
    await expect(page.getByRole('heading', { level: 1, name: '服务条款' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('1. 服务内容');
    await phoneContext.close();
  });
});
