// Opens a device history PDF of our writer in Chromium's own PDF viewer (Debian's /usr/bin/chromium,
// driven by playwright-core) and saves what it shows as test-results/screenshots/
// device-history-pdf-chromium.png for people to look at: the Chinese text must be drawn, not boxes.
import { Console } from 'node:console';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { historyPdf, type DeviceHistory } from '../dispatch/application/device-history';
import { extractPdfText } from './testing/pdf-text';

const CHROMIUM = '/usr/bin/chromium';
const screenshots = resolve(__dirname, '../../../test-results/screenshots');

const history: DeviceHistory = {
  device: { id: 'd1', number: 'SB-2026-0001', name: '立式加工中心', model: 'VMC-850', type: 'cnc-machine', countyCode: '440305', placeName: '广东省 · 深圳市 · 南山区' },
  total: 1,
  truncated: false,
  items: [
    {
      id: 'w1',
      number: 'WO-20261001-000001',
      status: 'closed',
      priority: 'urgent',
      faultType: 'electrical',
      faultSummary: '主轴驱动器报警 ALM 401，无法启动',
      submittedAt: '2026-10-01T02:00:00.000Z',
      completedAt: '2026-10-03T08:00:00.000Z',
      closedAt: '2026-10-05T08:00:00.000Z',
      provider: { id: 'p1', name: '深圳南山精工机电服务有限公司' },
      engineer: { id: 'e1', name: '王建国' },
      userScore: 5,
      manufacturerScore: 4,
      records: [
        {
          recordId: 'r1',
          engineerId: 'e1',
          steps: '检查主轴驱动器，测量编码器信号，更换编码器线缆并紧固插头',
          parts: [{ name: '编码器线缆', quantity: 1, unit: '根' }],
          tools: ['万用表', '示波器'],
          cause: '线缆老化，屏蔽层破损',
          result: '报警消除，试切正常',
          at: '2026-10-02T03:00:00.000Z',
          editedAt: '2026-10-02T04:00:00.000Z',
        },
      ],
    },
  ],
};

if (existsSync(CHROMIUM)) {
  describe('a history PDF in Chromium’s PDF viewer', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'pdf-chromium-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('opens as a PDF document with its title, and is saved as a screenshot', async () => {
      const pdf = historyPdf(history, 'zh-CN', new Date('2026-12-01T08:00:00.000Z'));
      expect(extractPdfText(pdf).pages[0]).toContain('更换编码器线缆并紧固插头');
      const file = join(dir, 'history.pdf');
      writeFileSync(file, pdf);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
        await page.goto(`file://${file}`);
        // The viewer (an extension frame) names the file in its toolbar, then the document's /Title once
        // it has parsed the file.
        const expected = '设备维修履历 SB-2026-0001';
        const deadline = Date.now() + 15_000;
        let title: string | null = null;
        while (title !== expected && Date.now() < deadline) {
          const viewer = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
          title = viewer ? await viewer.locator('#title').first().textContent({ timeout: 1_000 }).catch(() => null) : null;
          if (title !== expected) await page.waitForTimeout(200);
        }
        expect(title).toBe(expected);
        await page.waitForTimeout(1_000);
        mkdirSync(screenshots, { recursive: true });
        await page.screenshot({ path: join(screenshots, 'device-history-pdf-chromium.png') });
      } finally {
        await browser.close();
      }
    }, 60_000);
  });
} else {
  const reason = `Chromium PDF check skipped: ${CHROMIUM} is not installed (Debian: apt-get install chromium)`;
  // Printed on collection, straight to stderr: Jest drops the buffered console of files whose tests all skipped.
  new Console({ stdout: process.stderr, stderr: process.stderr }).warn(reason);
  describe('a history PDF in Chromium’s PDF viewer', () => {
    it.skip(reason, () => undefined);
  });
}
