// Security headers on every class of response the product gives, through the real HTTP stack.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { testLogEnv } from '../testing/test-logs';

type Call = (http: ReturnType<typeof request>) => request.Test;

/** One request per response class; the status proves the class was reached. */
const RESPONSE_CLASSES: readonly [string, number, Call][] = [
  ['API JSON (202)', 202, (h) => h.post('/api/v1/auth/sms-codes').send({ phone: '13800000000', purpose: 'register' })],
  ['error 401', 401, (h) => h.get('/api/v1/me')],
  ['error 400 (validation)', 400, (h) => h.post('/api/v1/auth/login').send({ phone: 'x' })],
  ['error 404 (unknown API path)', 404, (h) => h.get('/api/v1/no-such-thing')],
  ['console HTML', 200, (h) => h.get('/').set('accept', 'text/html')],
  ['console deep link', 200, (h) => h.get('/status').set('accept', 'text/html')],
  ['static asset', 200, (h) => h.get('/main.js')],
  ['API docs', 200, (h) => h.get('/api/docs')],
  ['OpenAPI document', 200, (h) => h.get('/api/docs/openapi.json')],
  ['GraphQL', 200, (h) => h.post('/graphql').send({ query: '{ platform { name } }' })],
  ['health', 200, (h) => h.get('/health')],
  ['readiness', 200, (h) => h.get('/ready')],
];

describe('security headers', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const consoleDir = mkdtempSync(join(tmpdir(), 'kuaige-headers-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>快鸽服务云</title><app-root></app-root>');
    writeFileSync(join(consoleDir, 'main.js'), 'console.log("console")');
    app = await createApp(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-headers-')), CONSOLE_DIR: consoleDir, ADMIN_TOKEN: 'a'.repeat(40), ...testLogEnv() }),
    );
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it.each(RESPONSE_CLASSES)('%s carries them', async (_, status, call) => {
    const res = await call(request(app.getHttpServer()));
    expect(res.status).toBe(status);
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-permitted-cross-domain-policies': 'none',
      'x-dns-prefetch-control': 'off',
      'origin-agent-cluster': '?1',
    });
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'self'|frame-ancestors 'none'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
