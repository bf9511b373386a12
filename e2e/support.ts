import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type APIRequestContext, type Page, expect } from '@playwright/test';

const screenshots = resolve(__dirname, '../test-results/screenshots');

/**
 * Saves a screenshot as test-results/screenshots/<name>.png for people to look at. For the whole
 * page the viewport is stretched to the content (and restored): the toolbar and side navigation
 * are fixed to the viewport, which a scrolling full-page capture would draw only once.
 */
export async function saveScreenshot(page: Page, name: string, wholePage = true): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const viewport = page.viewportSize();
  if (wholePage && viewport) {
    const height = await pageHeight(page);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  }
  await page.screenshot({ path: join(screenshots, `${name}.png`), animations: 'disabled' });
  if (wholePage && viewport) await page.setViewportSize(viewport);
}

/** Relative luminance (0 black … 1 white) of a computed CSS colour such as "rgb(12, 34, 56)". */
export function luminance(cssColor: string): number {
  const [r, g, b] = (cssColor.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  if (r === undefined || g === undefined || b === undefined) throw new Error(`not an rgb colour: ${cssColor}`);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// Browser-side expressions are passed as strings: the e2e sources are type-checked with the Node
// libraries of the root tsconfig, which have no DOM.

/** The page background as the user sees it. */
export const bodyBackground = (page: Page): Promise<string> => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');

/** The document's full height and width, in CSS pixels. */
export const pageHeight = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollHeight');
export const pageWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');

/** What /health answers (the fields the tests compare with the console). */
export interface HealthReport {
  readonly status: string;
  readonly details: Record<string, { readonly status: 'up' | 'down' | 'degraded'; readonly kind: string; readonly critical: boolean }>;
  readonly platform: { readonly version: string; readonly node: string; readonly role: string; readonly environment: string };
}

// Han ideographs: English pages must not contain any (a missed translation shows up as Chinese).
export const HAN = /[\u3400-\u9fff]/;

/** The admin token the e2e backends run with (set by playwright.config.ts). */
export function e2eAdminToken(): string {
  const token = process.env['KUAIGE_E2E_ADMIN_TOKEN'];
  if (!token) throw new Error('KUAIGE_E2E_ADMIN_TOKEN is not set: run the tests through playwright.config.ts');
  return token;
}

/** How the development SMS outbox shows a mainland number: 138****5678. */
export const maskedMobile = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

interface Outbox {
  readonly messages: readonly { readonly to: string; readonly text: string; readonly sentAt: string }[];
}

/** The newest SMS code sent to `phone`, read from the development outbox with the admin token (numbers masked). */
export async function smsCodeFor(request: APIRequestContext, phone: string): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const res = await request.get('/api/v1/dev/sms-outbox', { headers: { authorization: `Bearer ${e2eAdminToken()}` } });
      const outbox = (await res.json()) as Outbox;
      code = outbox.messages.find((m) => m.to === maskedMobile(phone))?.text.match(/\d{6}/)?.[0] ?? '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}
