// Opens a party's statement PDF in Chromium's own PDF viewer (Debian's /usr/bin/chromium, driven by
// playwright-core) and saves what it shows as test-results/screenshots/statement-pdf-chromium.png for
// people to look at: the Chinese text of the statement must be drawn, not boxes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { extractPdfText } from '../pdf/testing/pdf-text';
import { balanceOf, statementOf, statementPdf } from './application/statements';
import type { LedgerLineRow } from './read-models/settlements.projections';

const CHROMIUM = '/usr/bin/chromium';
const screenshots = resolve(__dirname, '../../../test-results/screenshots');

const line = (
  entryId: string,
  index: number,
  account: string,
  debitFen: number,
  creditFen: number,
  reason: string,
  at: string,
): LedgerLineRow => ({
  _id: `${entryId}#${index}`,
  entryId,
  index,
  account,
  kind: account.slice(0, account.indexOf(':')),
  partyId: account.slice(account.indexOf(':') + 1),
  debitFen,
  creditFen,
  reason,
  source: { kind: 'settlement', id: 's1' },
  at,
  scope: { tenants: ['U'], regions: [] },
});

describe('a statement PDF in Chromium’s PDF viewer', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'statement-pdf-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the party’s accounts and lines in Chinese, and is saved as a screenshot', async () => {
    const statement = statementOf(
      ['U'],
      '2026-12-01',
      '2026-12-31',
      [balanceOf('user-payable:U', 10_000, 10_000)],
      [
        line(
          'settlement:s1:confirm:equipment-user',
          0,
          'user-payable:U',
          23_000,
          0,
          '结算单 WO-20261201-A1B2C3 确认（设备用户）',
          '2026-12-02T02:00:00.000Z',
        ),
        line(
          'settlement:s1:payment:equipment-user',
          1,
          'user-payable:U',
          0,
          23_000,
          '结算单 WO-20261201-A1B2C3 付款',
          '2026-12-03T02:00:00.000Z',
        ),
      ],
    );
    const pdf = statementPdf(statement, '深圳用户设备有限公司', new Date('2026-12-31T08:00:00.000Z'));
    const text = extractPdfText(pdf).pages[0]!;
    expect(text).toContain('对账单 · 深圳用户设备有限公司');
    expect(text).toContain('期初 ¥0.00');
    expect(text).toContain('借 ¥230.00');
    const file = join(dir, 'statement.pdf');
    writeFileSync(file, pdf);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
      await page.goto(`file://${file}`);
      const expected = '对账单 深圳用户设备有限公司';
      const deadline = Date.now() + 15_000;
      let title: string | null = null;
      while (title !== expected && Date.now() < deadline) {
        const viewer = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
        title = viewer
          ? await viewer
              .locator('#title')
              .first()
              .textContent({ timeout: 1_000 })
              .catch(() => null)
          : null;
        if (title !== expected) await page.waitForTimeout(200);
      }
      expect(title).toBe(expected);
      await page.waitForTimeout(1_000);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'statement-pdf-chromium.png') });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
