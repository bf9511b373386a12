// Erasure of my personal data from the console (PIPL art. 47, ADR 0017): step-up, acknowledge, and the
// account is gone — signed out, and its number and password no longer sign in.
import { type Page, expect, test } from '@playwright/test';
import { saveScreenshot, smsCodeFor } from './support';

const phone = `137${String(Date.now()).slice(-8)}`;
const password = 'Kuaige2026pw';

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

test('a user erases their personal data: step-up, acknowledgement, signed out, and the account no longer signs in', async ({ page, request }) => {
  await test.step('register through the API', async () => {
    expect((await request.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } })).status()).toBe(202);
    const smsCode = await smsCodeFor(request, phone);
    const registered = await request.post('/api/v1/auth/register', { data: { phone, smsCode, password, acceptTerms: true, acceptPrivacy: true } });
    expect(registered.status()).toBe(201);
  });

  await test.step('the security page offers the erasure, asking for the step-up first', async () => {
    await page.goto('/login');
    await signIn(page);
    await expect(page).toHaveURL(/\/account\/profile$/);
    await page.goto('/account/security');
    const card = page.locator('kg-erasure-card');
    await expect(card.getByRole('heading', { name: '删除个人信息' })).toBeVisible();
    await card.getByRole('button', { name: '删除我的个人信息' }).click();
    const dialog = page.getByRole('dialog', { name: '验证身份' });
    await dialog.getByLabel('密码').fill(password);
    await dialog.getByRole('button', { name: '验证' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(card.getByRole('button', { name: '确认删除' })).toBeDisabled();
    await expect(card).toContainText('显示为“已删除”');
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'erasure-confirm-zh');
  });

  await test.step('acknowledged and confirmed: signed out, and the number no longer signs in', async () => {
    const card = page.locator('kg-erasure-card');
    await card.getByRole('checkbox', { name: '我已了解，删除后无法恢复' }).check();
    await card.getByRole('button', { name: '确认删除' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByText('您的个人信息已删除，账号已停用。')).toBeVisible();
    await signIn(page);
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('login-notice')).toBeVisible();
  });
});
