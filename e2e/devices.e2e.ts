// The device registry through the console, in Chinese: the equipment user finds its device in the list,
// opens it (facts, warranty, QR label), edits it; the label's /r/ link takes a signed-in user to the
// request form for the device, and anyone to the public request form once the owner switched it on.
// Desktop and phone width, with screenshots; on a phone nothing scrolls sideways.
import { type Page, expect, test } from '@playwright/test';
import { pageWidth, saveScreenshot } from './support';
import { bearer } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

let cast: Cast;

const fitsPhone = async (page: Page) => expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

test.describe('device registry', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(180_000);
    cast = await castOf(request, stamp);
  });

  test('list, detail with warranty and QR label, edit, at desktop and phone width', async ({ browser, baseURL }) => {
    test.setTimeout(180_000);
    const user = await consoleFor(browser, baseURL!, cast.user.admin, cast.user.name, DESKTOP);
    await user.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设备台账' }).click();
    await expect(user.getByRole('heading', { level: 1, name: '设备台账' })).toBeVisible();
    await expect(user.getByTestId('devices').getByRole('link', { name: cast.deviceName })).toBeVisible();
    await saveScreenshot(user, 'devices-list-desktop');
    // The filters go to the server: a type the device is not empties the table.
    await user.getByTestId('filter-type').click();
    await user.getByRole('option', { name: '电梯' }).click();
    await expect(user.getByText('没有符合筛选条件的设备')).toBeVisible();
    // The select may still be closing its first panel: a click then opens nothing, so open it again until the option is there.
    await expect(async () => {
      await user.getByTestId('filter-type').click();
      await user.getByRole('option', { name: '数控机床' }).click({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });

    await user.getByTestId('devices').getByRole('link', { name: cast.deviceName }).click();
    await expect(user.getByTestId('device-name')).toHaveText(cast.deviceName);
    await expect(user.getByTestId('warranty')).toContainText('天后保修到期');
    await expect(user.getByTestId('qr-label').locator('img')).toBeVisible();
    await expect(user.getByTestId('device-work-orders')).toHaveAttribute('href', `/work-orders?deviceId=${cast.deviceId}`);
    await saveScreenshot(user, 'device-detail-desktop');

    await user.getByTestId('edit-device').click();
    await expect(user.getByRole('heading', { level: 1, name: '编辑设备' })).toBeVisible();
    await user.getByTestId('device-warranty').fill('121');
    await user.getByTestId('save-device').click();
    await expect(user.getByText('请输入 0 到 120 之间的整数')).toBeVisible();
    await user.getByTestId('device-warranty').fill('36');
    await user.getByTestId('save-device').click();
    await expect(user.getByTestId('device-name')).toHaveText(cast.deviceName);
    await expect(user.getByTestId('warranty')).toContainText('保修 36 个月');

    // The same person on a phone (the cast has a few browser sessions per person: the page is reused).
    const phone = user;
    await phone.setViewportSize(PHONE);
    await phone.goto('/devices');
    await expect(phone.getByRole('link', { name: cast.deviceName })).toBeVisible();
    await fitsPhone(phone);
    await saveScreenshot(phone, 'devices-list-phone');
    await phone.goto(`/devices/${cast.deviceId}`);
    await expect(phone.getByTestId('qr-label').locator('img')).toBeVisible();
    await fitsPhone(phone);
    await saveScreenshot(phone, 'device-detail-phone');
    await phone.goto('/devices/new');
    await expect(phone.getByRole('heading', { level: 1, name: '登记设备' })).toBeVisible();
    await phone.getByTestId('save-device').click();
    await expect(phone.getByText('必填').first()).toBeVisible();
    await fitsPhone(phone);
    await saveScreenshot(phone, 'device-form-phone');

    // The label's link, scanned by someone signed in who may see the device: the request form for it.
    const device = await (await phone.request.get(`/api/v1/devices/${cast.deviceId}`, { headers: bearer(cast.user.admin.token) })).json();
    await phone.goto(`/r/${device.qrToken}`);
    await expect(phone).toHaveURL(new RegExp(`/work-orders/new\\?device=${cast.deviceId}&channel=qr$`));
  });

  test('the QR link opens the public form for anyone once the device’s holder switches it on', async ({ browser, baseURL, request }) => {
    test.setTimeout(120_000);
    const device = await (await request.get(`/api/v1/devices/${cast.deviceId}`, { headers: bearer(cast.user.admin.token) })).json();
    const anonymous = await (await browser.newContext({ baseURL, viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await anonymous.goto(`/r/${device.qrToken}`);
    await expect(anonymous.getByText('登录后报修')).toBeVisible();
    const switched = await request.patch(`/api/v1/devices/${cast.deviceId}`, { headers: bearer(cast.user.admin.token), data: { publicRequests: true } });
    expect(switched.status(), await switched.text()).toBe(200);
    await anonymous.reload();
    await expect(anonymous.getByTestId('public-device')).toContainText(cast.deviceName);
    await anonymous.getByTestId('submit-public-request').click();
    await expect(anonymous.getByText('必填').first()).toBeVisible();
    await fitsPhone(anonymous);
    await saveScreenshot(anonymous, 'device-public-form-phone');
    await anonymous.getByTestId('fault-type').click();
    await anonymous.getByRole('option', { name: '异响/振动' }).click();
    await anonymous.getByTestId('fault-description').fill('主轴异响，加工精度下降');
    await anonymous.getByLabel('联系人').fill('张师傅');
    await anonymous.getByLabel('联系电话').fill('13800138000');
    await anonymous.getByTestId('submit-public-request').click();
    await expect(anonymous.getByText('报修已提交')).toBeVisible();
    await expect(anonymous.getByText(/工单号 WO-\d{8}-[0-9A-Z]{6}/)).toBeVisible();
  });
});
