// Builds the real application for identity's HTTP specs and drives its flows through the API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../app.factory';
import { resolveAdminToken } from '../../admin/admin-token';
import { loadConfig, type AppConfig } from '../../config/config';
import { maskMobile } from '../crypto';
import { Clock } from '../clock';
import { recordSecret, testLogEnv } from '../../testing/test-logs';

export interface IdentityApp {
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  readonly clock: Clock;
  /** Bearer token of the operations API, which also guards the development SMS outbox. */
  readonly adminToken: string;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Generous limits, so that only the specs about limits meet them. */
const ROOMY_LIMITS = { AUTH_RATE_LIMIT_PER_MINUTE: '100000', LOGIN_ATTEMPTS_PER_IP: '100000', SMS_CODES_PER_IP_PER_HOUR: '100000' };

/** The whole product as configured by `env` (identity settings are read from process.env at start). */
export const startIdentityApp = async (env: Record<string, string> = {}, nodeEnv: 'test' | 'production' = 'test'): Promise<IdentityApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-identity-'));
  const settings = { ...ROOMY_LIMITS, ...env };
  const saved = Object.fromEntries(Object.keys(settings).map((k) => [k, process.env[k]]));
  Object.assign(process.env, settings);
  let app: NestFastifyApplication;
  let config: AppConfig;
  try {
    config = loadConfig({ ...env, NODE_ENV: nodeEnv, DATA_DIR: dataDir, CONSOLE_DIR: 'off', ...testLogEnv() });
    app = await createApp(config);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  await app.getHttpAdapter().getInstance().ready();
  const adminToken = resolveAdminToken(config.adminToken, dataDir);
  return { app, dataDir, clock: app.get(Clock), adminToken, http: () => request(app.getHttpServer()), close: () => app.close() };
};

/**
 * Moves the app's clock to the start of the next fixed window of `windowMs`: the limits a test counts
 * against start afresh there, and the window (a minute or more) cannot roll over in the middle of the
 * test's few requests, as it could when the test began wherever the wall clock happened to stand.
 */
export const toNextWindow = (clock: Clock, windowMs: number): void => clock.advance(windowMs - (clock.now().getTime() % windowMs));

let counter = 0;
/** A mobile number no other spec uses. */
export const freshPhone = (): string => {
  const phone = `139${String(process.pid % 10_000).padStart(4, '0')}${String(++counter).padStart(4, '0')}`;
  recordSecret('phone', phone);
  return phone;
};

export const PASSWORD = 'kuaige2026';
recordSecret('password', PASSWORD);

/** Nothing was texted to the number: what a test expects for a number that must get no code. */
export class NoSmsSentError extends Error {
  constructor(readonly phone: string) {
    super(`no SMS to ${phone} in the outbox`);
    this.name = 'NoSmsSentError';
  }
}

/** The latest code texted to `phone`, read from the development outbox (which shows numbers masked). */
export const lastSmsCode = async (t: IdentityApp, phone: string): Promise<string> => {
  const res = await t.http().get('/api/v1/dev/sms-outbox').set('authorization', `Bearer ${t.adminToken}`).expect(200);
  const masked = maskMobile(phone);
  const message = (res.body.messages as { to: string; text: string }[]).find((m) => m.to === masked);
  if (!message) throw new NoSmsSentError(phone);
  const code = /\d{6}/.exec(message.text)![0];
  recordSecret('sms-code', code);
  return code;
};

export const requestSmsCode = async (t: IdentityApp, phone: string, purpose: 'register' | 'reset-password' | 'change-phone' = 'register'): Promise<string> => {
  await t.http().post('/api/v1/auth/sms-codes').send({ phone, purpose }).expect(202);
  return lastSmsCode(t, phone);
};

export const register = async (t: IdentityApp, phone = freshPhone(), password = PASSWORD): Promise<{ phone: string; userId: string }> => {
  const smsCode = await requestSmsCode(t, phone);
  const res = await t.http().post('/api/v1/auth/register').send({ phone, smsCode, password, acceptTerms: true, acceptPrivacy: true }).expect(201);
  return { phone, userId: res.body.userId };
};

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly sessionId: string;
}

export const login = async (t: IdentityApp, phone: string, password = PASSWORD, userAgent = 'jest'): Promise<SignedIn> => {
  const res = await t.http().post('/api/v1/auth/login').set('user-agent', userAgent).send({ phone, password }).expect(200);
  recordSecret('token', res.body.accessToken);
  recordSecret('token', res.body.refreshToken);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, sessionId: res.body.session.id };
};

export const bearer = (s: { accessToken: string }) => ({ authorization: `Bearer ${s.accessToken}` });
