// axe on every console page, signed out and signed in, at desktop and phone width: no serious or
// critical violation (WCAG 2.1 A/AA rules). Runs against the development backend, whose SMS outbox
// lets it register the account the signed-in pages need.
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { smsCodeFor } from './support';

const SIGNED_OUT_PAGES = ['/status', '/login', '/register', '/reset-password', '/terms', '/privacy', '/dev/sms-outbox', '/no-such-page'];
const SIGNED_IN_PAGES = ['/account/profile', '/account/security'];
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function registerAccount(request: APIRequestContext, phone: string, password: string): Promise<void> {
  expect((await request.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } })).status()).toBe(202);
  const code = await smsCodeFor(request, phone);
  const registered = await request.post('/api/v1/auth/register', { data: { phone, smsCode: code, password, acceptTerms: true, acceptPrivacy: true } });
  expect(registered.status()).toBe(201);
}

/** Serious and critical violations on the page as it stands, one line each. */
async function violations(page: Page, label: string): Promise<string[]> {
  // Not 'networkidle': the notification bell keeps a live stream open, so the network never idles.
  await page.waitForLoadState('load');
  await expect(page.locator('mat-progress-bar')).toHaveCount(0);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

test.describe('accessibility (axe)', () => {
  for (const viewport of VIEWPORTS) {
    test(`every console page at ${viewport.name} width has no serious or critical violation`, async ({ page, request }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      const found: string[] = [];
      for (const path of SIGNED_OUT_PAGES) {
        await page.goto(path);
        await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
        found.push(...(await violations(page, `${path} (${viewport.name})`)));
      }

      const phone = `138${String(Date.now()).slice(-7)}${viewport.name === 'phone' ? 1 : 2}`;
      const password = 'Axe2026check';
      await registerAccount(request, phone, password);
      await page.goto('/login');
      await page.getByLabel('手机号').fill(phone);
      await page.getByLabel('密码', { exact: true }).fill(password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect(page).toHaveURL(/\/account\/profile$/);
      for (const path of SIGNED_IN_PAGES) {
        await page.goto(path);
        await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
        found.push(...(await violations(page, `${path} (${viewport.name})`)));
      }
      expect(found).toEqual([]);
    });
  }
});
