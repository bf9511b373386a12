import { expect, test } from '@playwright/test';
import { bodyBackground, luminance, pageWidth, saveScreenshot } from './support';

test.describe('console shell', () => {
  test.describe('at phone width', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test('the navigation is a drawer opened by the hamburger, and nothing overflows sideways', async ({ page }) => {
      await page.goto('/status');
      await expect(page.getByRole('heading', { level: 1, name: '平台状态' })).toBeVisible();
      await expect(page.locator('kg-overall-status')).toHaveAttribute('data-health', 'healthy');
      const navigation = page.getByRole('navigation', { name: '主导航' });
      await expect(navigation).toBeHidden();
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await saveScreenshot(page, 'phone');

      const hamburger = page.getByRole('button', { name: '打开导航菜单' });
      await expect(hamburger).toHaveAttribute('aria-expanded', 'false');
      await hamburger.click();
      await expect(navigation).toBeVisible();
      await expect(hamburger).toHaveAttribute('aria-expanded', 'true');
      await page.waitForTimeout(400); // let the drawer finish sliding in for the screenshot
      await saveScreenshot(page, 'phone-drawer', false);

      await navigation.getByRole('link', { name: '平台状态' }).click();
      await expect(navigation).toBeHidden();
    });
  });

  test('follows the operating system colour scheme until the user picks one', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/status');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(luminance(await bodyBackground(page))).toBeLessThan(0.1);
    await expect(page.getByRole('button', { name: '切换到浅色模式' })).toBeVisible();

    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => luminance(await bodyBackground(page))).toBeGreaterThan(0.7);
  });

  test('the dark mode toggle switches the scheme and is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/status');
    await expect(page.locator('kg-overall-status')).toHaveAttribute('data-health', 'healthy');
    expect(luminance(await bodyBackground(page))).toBeGreaterThan(0.7);

    await page.getByRole('button', { name: '切换到深色模式' }).click();
    await expect(page.locator('html')).toHaveClass(/kg-dark/);
    await expect.poll(async () => luminance(await bodyBackground(page))).toBeLessThan(0.1);
    await page.mouse.move(700, 600); // away from the toggle, so its tooltip is not in the picture
    await expect(page.locator('.mat-mdc-tooltip')).toHaveCount(0);
    await saveScreenshot(page, 'dark');

    // The choice outlives a reload and beats the system's light preference.
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/kg-dark/);
    expect(luminance(await bodyBackground(page))).toBeLessThan(0.1);
    await page.getByRole('button', { name: '切换到浅色模式' }).click();
    await expect.poll(async () => luminance(await bodyBackground(page))).toBeGreaterThan(0.7);
  });
});
