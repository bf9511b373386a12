// Accounts for harnesses that drive the running product over HTTP: registered through the real flow
// (SMS code read from the development outbox), then signed in.
import { randomUUID } from 'node:crypto';
import { maskMobile } from '../../backend/src/identity/crypto/masking';

export const HARNESS_PASSWORD = 'harness2026';

export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface HarnessRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly token?: string;
  /** Sent as Idempotency-Key: a retry of the same command carries the same key. */
  readonly commandId?: string;
}

/** One HTTP exchange with the product; a refused connection or a reset rejects. */
export async function send(baseUrl: string, r: HarnessRequest): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  if (r.token) headers['authorization'] = `Bearer ${r.token}`;
  if (r.commandId) headers['idempotency-key'] = r.commandId;
  const response = await fetch(`${baseUrl}${r.path}`, {
    method: r.method,
    headers,
    ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body };
}

export interface HarnessUser {
  readonly phone: string;
  readonly password: string;
  readonly userId: string;
  accessToken: string;
  sessionId: string;
}

let serial = 0;
/** A mainland mobile number unique to this process (numbers decide who may register). */
export const harnessPhone = (): string => `137${String(process.pid % 10_000).padStart(4, '0')}${String(++serial % 10_000).padStart(4, '0')}`;

/** The latest code texted to `phone`, from the development outbox (behind the admin token; numbers masked). */
export async function smsCodeFor(baseUrl: string, adminToken: string, phone: string): Promise<string> {
  const outbox = await send(baseUrl, { method: 'GET', path: '/api/v1/dev/sms-outbox', token: adminToken });
  if (outbox.status !== 200) throw new Error(`the development SMS outbox answered ${outbox.status}`);
  const message = (outbox.body['messages'] as { to: string; text: string }[]).find((m) => m.to === maskMobile(phone));
  const code = message && /\d{6}/.exec(message.text)?.[0];
  if (!code) throw new Error(`no SMS code for ${phone} in the outbox`);
  return code;
}

export async function requestRegistrationCode(baseUrl: string, adminToken: string, phone: string): Promise<string> {
  const asked = await send(baseUrl, { method: 'POST', path: '/api/v1/auth/sms-codes', body: { phone, purpose: 'register' }, commandId: randomUUID() });
  if (asked.status !== 202) throw new Error(`POST /api/v1/auth/sms-codes answered ${asked.status}`);
  return smsCodeFor(baseUrl, adminToken, phone);
}

export const registrationBody = (phone: string, smsCode: string, password = HARNESS_PASSWORD) => ({
  phone,
  smsCode,
  password,
  acceptTerms: true,
  acceptPrivacy: true,
});

export async function signIn(baseUrl: string, phone: string, password = HARNESS_PASSWORD): Promise<{ accessToken: string; sessionId: string }> {
  const answer = await send(baseUrl, { method: 'POST', path: '/api/v1/auth/login', body: { phone, password }, commandId: randomUUID() });
  if (answer.status !== 200) throw new Error(`POST /api/v1/auth/login answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { accessToken: String(answer.body['accessToken']), sessionId: String((answer.body['session'] as { id: string }).id) };
}

/** Registers and signs in one account; ~2 argon2 hashes of CPU. */
export async function registerUser(baseUrl: string, adminToken: string): Promise<HarnessUser> {
  const phone = harnessPhone();
  const code = await requestRegistrationCode(baseUrl, adminToken, phone);
  const registered = await send(baseUrl, { method: 'POST', path: '/api/v1/auth/register', body: registrationBody(phone, code), commandId: randomUUID() });
  if (registered.status !== 201) throw new Error(`POST /api/v1/auth/register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const session = await signIn(baseUrl, phone);
  return { phone, password: HARNESS_PASSWORD, userId: String(registered.body['userId']), ...session };
}

/** `count` accounts, `parallel` at a time (each costs argon2 CPU on the server). */
export async function registerUsers(baseUrl: string, adminToken: string, count: number, parallel = 4): Promise<HarnessUser[]> {
  const users: HarnessUser[] = [];
  for (let i = 0; i < count; i += parallel) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, () => registerUser(baseUrl, adminToken)))));
  }
  return users;
}
