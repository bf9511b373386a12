// Tamper evidence in the console (#12), against a development backend (its SMS outbox holds the
// registration codes): a compliance officer signs and downloads a digest — checked here with nothing
// but the file and the public keys — and runs a verification that succeeds; staff without the
// compliance role get 403 from the API and never see the page.
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { e2eAdminToken, pageWidth, saveScreenshot } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, openConsole, person } from './tenancy-support';

const stamp = String(Date.now()).slice(-7);
const NATIONAL = '快鸽全国运营中心';

let officer: Person;
let staff: Person;

interface DigestFile {
  digest: Record<string, string | number | null> & { digestId: string; keyId: string };
  signature: { alg: string; kid: string; value: string };
}

/** The outsider's check: the digest's canonical JSON (a flat object: sorted keys) against a published key. */
const signatureHolds = (file: DigestFile, keys: { kid: string; kty: string; crv: string; x: string }[]): boolean => {
  const key = keys.find((k) => k.kid === file.digest.keyId);
  if (!key) return false;
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(file.digest).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return verify(null, Buffer.from(canonical), createPublicKey({ key: { kty: key.kty, crv: key.crv, x: key.x }, format: 'jwk' }), Buffer.from(file.signature.value, 'base64url'));
};

test.describe('audit log integrity', () => {
  test.beforeAll(async ({ request }) => {
    const national = await person(request, `1386${stamp}`, '全国运营');
    officer = await person(request, `1387${stamp}`, '合规专员', 2);
    staff = await person(request, `1388${stamp}`, '运营专员', 1);
    for (const privileged of [national, officer]) await enrolTotp(request, privileged);
    const root = await request.post('/api/v1/operations/tenancy/national-root', {
      headers: bearer(e2eAdminToken()),
      data: { name: NATIONAL, principalName: national.name, adminPhone: national.phone },
    });
    expect(root.ok(), await root.text()).toBe(true);
    const { nodeId } = (await root.json()) as { nodeId: string };
    await actFor(request, national, NATIONAL);
    for (const [who, roles] of [
      [officer, ['compliance']],
      [staff, ['operator-staff']],
    ] as const) {
      const appointed = await request.post(`/api/v1/operator-nodes/${nodeId}/staff`, { headers: bearer(national.token), data: { phone: who.phone, roles } });
      expect(appointed.status(), await appointed.text()).toBe(201);
      await actFor(request, who, NATIONAL);
    }
  });

  test('a compliance officer downloads a digest that the public keys prove, and a verification succeeds', async ({ page, request }) => {
    test.setTimeout(180_000);
    await openConsole(page, officer);
    await chooseContext(page, NATIONAL);
    await page.goto('/audit/integrity');
    await expect(page.getByRole('heading', { level: 1, name: '审计日志完整性' })).toBeVisible();

    await test.step('sign a digest now and download it', async () => {
      await page.getByTestId('sign-digest').click();
      await expect(page.getByTestId('digests').getByRole('row')).not.toHaveCount(0);
      await expect(page.getByTestId('last-digest')).toContainText('覆盖至位置');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-digest').first().click()]);
      expect(download.suggestedFilename()).toMatch(/^kuaige-audit-digest-\d+\.json$/);
      const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as DigestFile;
      expect(file.digest.format).toBe('kuaige-audit-digest/1');
      // Anyone can fetch the keys; nothing but the file and them is needed to check the signature.
      const published = (await (await request.get('/.well-known/kuaige-audit-keys.json')).json()) as { keys: { kid: string; kty: string; crv: string; x: string }[] };
      expect(signatureHolds(file, published.keys)).toBe(true);
      expect(signatureHolds({ ...file, digest: { ...file.digest, position: Number(file.digest['position']) + 1 } }, published.keys)).toBe(false);
      await expect(page.getByTestId('keys')).toContainText(file.digest.keyId);
    });

    await test.step('verify now: progress, then passed', async () => {
      await page.getByTestId('verify-now').click();
      await expect(page.getByTestId('verification-state')).toHaveText('校验通过', { timeout: 60_000 });
      await expect(page.getByTestId('first-broken')).toHaveCount(0);
      await saveScreenshot(page, 'audit-integrity-zh');
    });

    await test.step('at phone width', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await expect(page.getByTestId('verification-state')).toHaveText('校验通过');
      expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await saveScreenshot(page, 'audit-integrity-phone-zh');
    });
  });

  test('staff without the compliance role get 403 from the API and are sent away from the page', async ({ page, request }) => {
    for (const path of ['/api/v1/audit/digests', '/api/v1/audit/verifications', '/api/v1/audit/keys']) {
      const refused = await request.get(path, { headers: bearer(staff.token) });
      expect(refused.status(), path).toBe(403);
      const body = (await refused.json()) as { items?: unknown; errors: { rule: string }[] };
      expect(body.items).toBeUndefined();
      expect(body.errors[0]!.rule).toBe('permission');
    }
    expect((await request.post('/api/v1/audit/verifications', { headers: bearer(staff.token), data: {} })).status()).toBe(403);
    await openConsole(page, staff);
    await chooseContext(page, NATIONAL);
    await page.goto('/audit/integrity');
    await expect(page.getByTestId('user-menu')).toBeVisible();
    await expect(page).not.toHaveURL(/\/audit\/integrity/);
    await expect(page.getByRole('heading', { name: '审计日志完整性' })).toHaveCount(0);
  });
});
