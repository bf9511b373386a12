// Paid expert help (EXP-1…EXP-3) in two browser contexts at once: the provider's engineer, on a phone,
// asks a certified expert for help from the work order; the expert accepts on a desktop; both chat
// live (each message appears in the other context without a reload, with read receipts); the
// engineer's connection drops and comes back without losing the messages posted meanwhile; the
// expert closes with a summary, which the work order then shows. Runs against the development backend.
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { saveScreenshot } from './support';
import { type Person, PNG, bearer, openConsole, person } from './tenancy-support';
import { type Cast, castOf, consoleFor } from './work-order-support';

const DESKTOP = { width: 1280, height: 800 } as const;
const PHONE = { width: 390, height: 844 } as const;
const stamp = String(Date.now()).slice(-7);

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>) => {
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as Record<string, unknown>;
};

/** A GB 11643 number for this run (one verified account per number): Nanshan, 1980, a serial from the stamp. */
const idNumber = (): string => {
  const body = `44030519800101${stamp.slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
};

/** Real-name verified and certified as expert by the Shenzhen operator, with a tariff of ¥260. */
async function certifiedExpert(request: APIRequestContext, city: Person): Promise<Person & { userId: string }> {
  const expert = await person(request, `137${stamp}1`, '何专家', 1);
  const auth = { headers: bearer(expert.token) };
  const upload = async (mediaType: string, data: Buffer) => ok(await request.post('/api/v1/blobs', { headers: { ...bearer(expert.token), 'content-type': mediaType }, data }));
  const photo = await upload('image/png', PNG);
  const photos = [
    { side: 'front', blobId: photo['blobId'], mediaType: 'image/png', size: photo['size'] },
    { side: 'back', blobId: photo['blobId'], mediaType: 'image/png', size: photo['size'] },
  ];
  await ok(await request.post('/api/v1/me/real-name', { ...auth, data: { realName: '何志远', idNumber: idNumber(), photos, countyCode: '440305' } }));
  const me = await ok(await request.get('/api/v1/me', auth));
  const userId = String(me['userId']);
  await ok(await request.post(`/api/v1/verification-reviews/real-name-${userId}/approve`, { headers: bearer(city.token), data: { opinion: '信息一致' } }));
  const certificate = await upload('application/pdf', Buffer.from('%PDF-1.4\n% certificate\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));
  await ok(
    await request.post('/api/v1/me/certifications', {
      ...auth,
      data: { kind: 'expert', materials: [{ type: 'qualification', blobId: certificate['blobId'], mediaType: 'application/pdf', size: certificate['size'] }], skills: ['FANUC 数控系统', '主轴伺服'], years: 15, countyCode: '440305' },
    }),
  );
  await ok(await request.post(`/api/v1/verification-reviews/expert-${userId}/approve`, { headers: bearer(city.token), data: { opinion: '资质齐全' } }));
  await ok(await request.put('/api/v1/me/expert-profile', { ...auth, data: { tariffFen: 26_000, available: true, bio: 'FANUC 系统与主轴伺服故障诊断 15 年' } }));
  return { ...expert, userId };
}

/** An order on the cast's device, dispatched to its provider and started by its engineer (the flow spec covers those steps in the console). */
async function orderInProgress(request: APIRequestContext, cast: Cast): Promise<string> {
  const order = await ok(
    await request.post('/api/v1/work-orders', {
      headers: bearer(cast.user.admin.token),
      data: { deviceId: cast.deviceId, fault: { type: 'electrical', description: '主轴驱动器报警 SV0401，复位后运行十分钟再次报警' }, priority: 'high', contact: { name: '王主任', phone: cast.user.admin.phone } },
    }),
  );
  const id = String(order['id']);
  const step = async (who: Person, name: string, data: object = {}) => ok(await request.post(`/api/v1/work-orders/${id}/${name}`, { headers: bearer(who.token), data }));
  await step(cast.city, 'dispatch', { providerId: cast.provider.id, suggestion: { rank: 1, suggestedProviderId: cast.provider.id } });
  await step(cast.provider.admin, 'accept');
  await step(cast.provider.admin, 'assign', { engineerId: cast.engineer.userId });
  await step(cast.engineer, 'engineer-accept');
  await step(cast.engineer, 'start');
  return id;
}

const messages = (page: Page) => page.getByTestId('chat-message');

/** Serious and critical axe violations (WCAG 2.1 A/AA) of the page as it stands. */
async function violations(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await expect(messages(page).filter({ hasText: text })).toHaveCount(1);
}

let cast: Cast;
let expert: Person & { userId: string };
let orderId: string;

test.describe('expert help', () => {
  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    cast = await castOf(request, stamp);
    expert = await certifiedExpert(request, cast.city);
    orderId = await orderInProgress(request, cast);
  });

  test('an engineer and an expert chat live across a dropped connection; the summary joins the work order', async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    // ---- The engineer, on a phone, finds the expert from the work order and asks. -------------------
    const engineer = await consoleFor(browser, baseURL!, cast.engineer, cast.provider.name, PHONE);
    await engineer.goto(`/work-orders/${orderId}`);
    await engineer.getByTestId('expert-help-ask').click();
    const dialog = engineer.getByRole('dialog');
    await dialog.getByTestId('expert-filter-field').fill('FANUC 数控系统');
    await dialog.getByRole('button', { name: '查找' }).click();
    await expect(dialog.getByTestId('expert-results').locator('li')).toHaveCount(1);
    await expect(dialog.getByTestId('expert-results')).toContainText('¥260.00');
    await saveScreenshot(engineer, 'expert-help-search-phone');
    await dialog.getByTestId('expert-choose').click();
    await dialog.getByTestId('ask-question').fill('SV0401 报警，已检查驱动器风扇正常，怀疑编码器反馈异常，请指导排查顺序');
    await dialog.getByTestId('ask-send').click();
    await expect(engineer).toHaveURL(/\/expert-help\/[0-9a-f-]+$/);
    const chatUrl = new URL(engineer.url()).pathname;
    await expect(engineer.getByTestId('help-status')).toHaveAttribute('data-status', 'requested');
    await expect(engineer.getByTestId('chat-connection')).toHaveAttribute('data-state', 'open');

    // ---- The expert, on a desktop, finds it in the workbench and accepts. ----------------------------
    const expertPage = await (await browser.newContext({ baseURL, viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
    await openConsole(expertPage, expert, '/expert-help');
    await expect(expertPage.getByTestId('expert-terms')).toContainText('¥260.00');
    await expect(expertPage.getByTestId('expert-inbox')).toContainText('SV0401');
    await saveScreenshot(expertPage, 'expert-workbench-desktop');
    await expertPage.getByTestId('inbox-open').first().click();
    await expect(expertPage).toHaveURL(new RegExp(`${chatUrl}$`));
    await expertPage.getByTestId('help-accept').click();
    await expect(expertPage.getByTestId('help-status')).toHaveAttribute('data-status', 'accepted');
    // The engineer's page learns it live: the composer appears without a reload.
    await expect(engineer.getByTestId('help-status')).toHaveAttribute('data-status', 'accepted');

    // ---- Both chat; each message appears on the other side without a reload, then reads as 已读. ----
    await say(engineer, '驱动器风扇正常，报警在加工约十分钟后出现');
    await expect(messages(expertPage).filter({ hasText: '报警在加工约十分钟后出现' })).toHaveCount(1);
    await say(expertPage, '先测量编码器电缆屏蔽层的接地，再看电缆在拖链里有没有磨损');
    await expect(messages(engineer).filter({ hasText: '编码器电缆屏蔽层' })).toHaveCount(1);
    await expect(messages(engineer).filter({ hasText: '报警在加工约十分钟后出现' }).getByTestId('chat-receipt')).toHaveText('已读');
    await engineer.getByTestId('chat-image-input').setInputFiles({ name: '拖链.png', mimeType: 'image/png', buffer: PNG });
    await expect(messages(expertPage).locator('img')).toHaveCount(1);
    await saveScreenshot(engineer, 'expert-chat-phone');
    await saveScreenshot(expertPage, 'expert-chat-desktop');
    const found = [...(await violations(engineer, 'chat (phone)')), ...(await violations(expertPage, 'chat (desktop)'))];

    // ---- The engineer's connection drops; the expert keeps writing; nothing is lost. -----------------
    await engineer.context().setOffline(true);
    await expect(engineer.getByTestId('chat-connection')).not.toHaveAttribute('data-state', 'open', { timeout: 20_000 });
    await saveScreenshot(engineer, 'expert-chat-reconnecting-phone');
    await say(expertPage, '断线期间第一条：拖链第三节处电缆外皮有破损');
    await say(expertPage, '断线期间第二条：更换电缆后观察半小时');
    await engineer.context().setOffline(false);
    await expect(engineer.getByTestId('chat-connection')).toHaveAttribute('data-state', 'open', { timeout: 40_000 });
    await expect(messages(engineer).filter({ hasText: '断线期间第一条' })).toHaveCount(1);
    await expect(messages(engineer).filter({ hasText: '断线期间第二条' })).toHaveCount(1);
    // In order, each once.
    const texts = await messages(engineer).allInnerTexts();
    expect(texts.filter((t) => t.includes('断线期间'))).toHaveLength(2);
    expect(texts.findIndex((t) => t.includes('第一条'))).toBeLessThan(texts.findIndex((t) => t.includes('第二条')));
    await expect(messages(engineer)).toHaveCount(5);

    // ---- The expert closes with a summary; it joins the work order's record. ------------------------
    const summary = '编码器电缆在拖链内磨损导致反馈干扰，更换电缆并重新固定屏蔽层接地后报警消除';
    await expertPage.getByTestId('help-close').click();
    await expertPage.getByRole('dialog').getByTestId('dialog-text').fill(summary);
    await expertPage.getByRole('dialog').getByTestId('dialog-confirm').click();
    await expect(expertPage.getByTestId('help-status')).toHaveAttribute('data-status', 'closed');
    await expect(engineer.getByTestId('chat-summary')).toContainText(summary);
    await engineer.getByTestId('help-rate').click();
    await engineer.getByRole('dialog').locator('[data-score="5"]').click();
    await engineer.getByRole('dialog').getByTestId('dialog-confirm').click();
    await expect(engineer.getByTestId('help-rate')).toHaveCount(0);

    await engineer.goto(`/work-orders/${orderId}`);
    await expect(engineer.getByTestId('expert-help-summary')).toHaveText(summary);
    // The equipment user reads it on the order too.
    const user = await consoleFor(browser, baseURL!, cast.user.admin, cast.user.name, DESKTOP);
    await user.goto(`/work-orders/${orderId}`);
    await expect(user.getByTestId('expert-help-summary')).toHaveText(summary);
    await saveScreenshot(user, 'work-order-expert-summary-desktop');
    found.push(...(await violations(user, 'work order with the expert summary')));
    await expertPage.goto('/expert-help');
    await expect(expertPage.getByTestId('expert-terms')).toBeVisible();
    found.push(...(await violations(expertPage, 'expert workbench')));
    expect(found).toEqual([]);
  });
});
