// Notifications in the console, in Chinese: the Shenzhen operator has the inbox open when the equipment
// user raises two requests (through the API); the bell's badge and the inbox update without a reload,
// the bell's menu leads to the work order, and the preferences page saves a channel choice and quiet
// hours. Screenshots at desktop and phone width. Runs against the development backend.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, SHENZHEN, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now() + 7).slice(-7);

let cast: Cast;

test.describe('notifications', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
  });

  test('the operator is told of new requests live, opens one from the bell and sets preferences', async ({ browser, baseURL, request }) => {
    test.setTimeout(180_000);
    const raise = async (description: string) => {
      const res = await request.post('/api/v1/work-orders', {
        headers: { ...bearer(cast.user.admin.token), 'Idempotency-Key': randomUUID() },
        data: { deviceId: cast.deviceId, fault: { type: 'mechanical', description, attachments: [] }, priority: 'high', contact: { name: '王主任', phone: '13800138000' } },
      });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string; number: string };
    };

    const operator = await consoleFor(browser, baseURL!, cast.city, SHENZHEN, DESKTOP);
    await operator.goto('/notifications');
    await expect(operator.getByRole('heading', { level: 1, name: '消息中心' })).toBeVisible();
    const bell = operator.getByTestId('notification-bell');
    await expect(bell).toHaveAttribute('aria-label', /通知，0 条未读/);

    // A request raised while the page is open: the badge and the list change without a reload.
    const first = await raise('主轴启动后有明显异响并伴随振动，加工精度下降');
    await expect(bell).toHaveAttribute('aria-label', /通知，1 条未读/);
    await expect(operator.getByTestId('inbox-item').first()).toContainText(`新工单 ${first.number} 待审核`);
    const second = await raise('冷却液泵不出水，主轴温度偏高');
    await expect(bell).toHaveAttribute('aria-label', /通知，2 条未读/);
    await expect(operator.getByTestId('inbox-item')).toHaveCount(2);
    await saveScreenshot(operator, 'notifications-inbox-desktop');

    // The bell's menu lists the newest; one click marks it read and opens its work order.
    await bell.click();
    const item = operator.getByTestId('notification-menu-item').filter({ hasText: second.number });
    await expect(item).toBeVisible();
    await saveScreenshot(operator, 'notifications-bell-menu', false);
    await item.click();
    await expect(operator).toHaveURL(new RegExp(`/work-orders/${second.id}$`));
    await expect(bell).toHaveAttribute('aria-label', /通知，1 条未读/);

    // Preferences: e-mail for new requests off → on, quiet hours 22:00–07:30.
    await operator.goto('/notifications/preferences');
    await expect(operator.getByRole('heading', { level: 1, name: '通知设置' })).toBeVisible();
    const choice = operator.getByTestId('choice-MaintenanceRequested-email').locator('input');
    await expect(choice).not.toBeChecked();
    await choice.check();
    await operator.getByTestId('quiet-toggle').click();
    await operator.getByTestId('quiet-end').fill('07:30');
    await operator.getByTestId('save-preferences').click();
    await expect(operator.getByText('通知设置已保存')).toBeVisible();
    await saveScreenshot(operator, 'notifications-preferences-desktop');
    await operator.reload();
    await expect(operator.getByTestId('choice-MaintenanceRequested-email').locator('input')).toBeChecked();
    await expect(operator.getByTestId('quiet-end')).toHaveValue('07:30');

    // Mark all read from the inbox; at phone width the list still fits the screen.
    await operator.setViewportSize(PHONE);
    await operator.goto('/notifications');
    await operator.getByTestId('mark-all-read').click();
    await expect(bell).toHaveAttribute('aria-label', /通知，0 条未读/);
    expect(await pageWidth(operator)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(operator, 'notifications-inbox-phone');
  });
});
