// People for the tenancy and organization browser tests, set up through the API of a development
// backend: registered with a code from its SMS outbox, signed in, and — for privileged roles, which
// act only with TOTP set up — enrolled in TOTP after their sessions were opened.
import { type APIRequestContext, type Page, expect } from '@playwright/test';
import { smsCodeFor } from './support';
import { totp } from './totp';

export const PASSWORD = 'Kuaige2026pw';

export interface Person {
  readonly phone: string;
  readonly name: string;
  /** An access token of an API session (acting for no one until switched). */
  token: string;
  /** Refresh tokens of sessions kept for the browser, one per page that signs in. */
  readonly browserSessions: string[];
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Registers `name` at `phone` and opens an API session plus `browserSessions` sessions for pages.
 * Sessions are opened first: once TOTP is set up, every new sign-in would wait for a fresh code.
 */
export async function person(request: APIRequestContext, phone: string, name: string, browserSessions = 0): Promise<Person> {
  expect((await request.post('/api/v1/auth/sms-codes', { data: { phone, purpose: 'register' } })).ok()).toBe(true);
  const smsCode = await smsCodeFor(request, phone);
  const registered = await request.post('/api/v1/auth/register', {
    data: { phone, smsCode, password: PASSWORD, displayName: name, acceptTerms: true, acceptPrivacy: true },
  });
  expect(registered.ok(), await registered.text()).toBe(true);
  const signIn = async () => {
    const login = await request.post('/api/v1/auth/login', { data: { phone, password: PASSWORD } });
    expect(login.ok(), await login.text()).toBe(true);
    return (await login.json()) as { accessToken: string; refreshToken: string };
  };
  const api = await signIn();
  const sessions: string[] = [];
  for (let i = 0; i < browserSessions; i++) sessions.push((await signIn()).refreshToken);
  return { phone, name, token: api.accessToken, browserSessions: sessions };
}

/** Sets up TOTP, which privileged roles (operator, enterprise admin) need before they may act. */
export async function enrolTotp(request: APIRequestContext, someone: Person): Promise<void> {
  const auth = { headers: bearer(someone.token) };
  expect((await request.post('/api/v1/auth/step-up', { ...auth, data: { password: PASSWORD } })).ok()).toBe(true);
  const started = await request.post('/api/v1/me/mfa/totp', auth);
  expect(started.ok(), await started.text()).toBe(true);
  const { secret } = (await started.json()) as { secret: string };
  const confirmed = await request.post('/api/v1/me/mfa/totp/confirm', { ...auth, data: { code: totp(secret) } });
  expect(confirmed.ok(), await confirmed.text()).toBe(true);
}

/** Switches `someone`'s API session to the enterprise or operator node named `name`. */
export async function actFor(request: APIRequestContext, someone: Person, name: string): Promise<void> {
  const contexts = (await (await request.get('/api/v1/me/contexts', { headers: bearer(someone.token) })).json()) as {
    available: { kind: string; id: string; name: string }[];
  };
  const target = contexts.available.find((c) => c.name === name);
  if (!target) throw new Error(`${someone.name} cannot act for ${name}`);
  const switched = await request.post('/api/v1/me/context', { headers: bearer(someone.token), data: { kind: target.kind, id: target.id } });
  expect(switched.ok(), await switched.text()).toBe(true);
  someone.token = ((await switched.json()) as { accessToken: string }).accessToken;
}

/** The operator node of a division below `parent`, set up by `operator` if there is none yet. */
export async function nodeOf(
  request: APIRequestContext,
  operator: Person,
  parent: string,
  divisionCode: string,
  name: string,
  phone: string,
): Promise<string> {
  const tree = await request.get(`/api/v1/operator-tree?parent=${parent}`, { headers: bearer(operator.token) });
  expect(tree.ok(), await tree.text()).toBe(true);
  const items = ((await tree.json()) as { items: { code: string; node: { id: string } | null }[] }).items;
  const existing = items.find((i) => i.code === divisionCode)?.node?.id;
  if (existing) return existing;
  const created = await request.post('/api/v1/operator-nodes', {
    headers: bearer(operator.token),
    data: { divisionCode, name, principal: { name: '负责人' }, contacts: { phone } },
  });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** A valid unified social credit code (GB 32100) of a Nanshan enterprise; unique per `serial`. */
export function usccFor(serial: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const first17 = `91440305${serial.padStart(9, '0').slice(-9)}`;
  const sum = [...first17].reduce((total, c, i) => total + alphabet.indexOf(c) * weights[i]!, 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31]!;
}

// A 1×1 PNG: the blob store checks a file's bytes, not only its declared type.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Uploads a licence picture as `someone` and returns the reference a registration names. */
export async function licence(request: APIRequestContext, someone: Person): Promise<{ blobId: string; mediaType: string; size: number }> {
  const uploaded = await request.post('/api/v1/blobs', { headers: { ...bearer(someone.token), 'content-type': 'image/png' }, data: PNG });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { blobId, mediaType, size } = (await uploaded.json()) as { blobId: string; mediaType: string; size: number };
  return { blobId, mediaType, size };
}

/** Opens the console signed in as `someone`, in one of the sessions kept for pages. */
export async function openConsole(page: Page, someone: Person, path = '/account/profile'): Promise<void> {
  const refreshToken = someone.browserSessions.shift();
  if (!refreshToken) throw new Error(`no browser session left for ${someone.name}`);
  // Where the console keeps a tab's refresh token (core/auth/token-store.ts); set only once, so a
  // reload keeps the rotated one.
  await page.addInitScript((token) => {
    if (!sessionStorage.getItem('kuaige.refreshToken')) sessionStorage.setItem('kuaige.refreshToken', token);
  }, refreshToken);
  await page.goto(path);
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

/** Chooses the acting context from the toolbar's switcher, as a user does. */
export async function chooseContext(page: Page, name: string): Promise<void> {
  const switcher = page.getByTestId('context-switcher');
  await switcher.click();
  await page.getByRole('menuitemradio', { name: new RegExp(name) }).click();
  // On phones the switcher is an icon: its accessible name says who the user acts for.
  await expect(switcher).toHaveAttribute('aria-label', new RegExp(name));
  // Disabled until the page on screen has been reloaded in the new context.
  await expect(switcher).toBeEnabled();
}
