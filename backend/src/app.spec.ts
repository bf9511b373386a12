// The product's HTTP surface as a client sees it, through the real Fastify server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from './app.factory';
import { loadConfig } from './config/config';
import { Readiness } from './platform/readiness';
import { testLogEnv } from './testing/test-logs';

describe('HTTP surface', () => {
  let app: NestFastifyApplication;
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-app-'));
  const consoleDir = mkdtempSync(join(tmpdir(), 'kuaige-console-'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>快鸽服务云</title><app-root></app-root>');
  writeFileSync(join(consoleDir, 'main.js'), 'console.log("console")');

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      CONSOLE_DIR: consoleDir,
      BODY_LIMIT_BYTES: '65536',
      ...testLogEnv(),
    });
    app = await createApp(config);
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  // /health, /ready and GraphQL `platform` give details to the admin token only (health-details.http.spec.ts).
  const admin = () => ({ authorization: `Bearer ${readFileSync(join(dataDir, 'admin.token'), 'utf8').trim()}` });

  it('GET /health says what the product runs on', async () => {
    const res = await http().get('/health').set(admin()).expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.storage).toMatchObject({ status: 'up', kind: 'local-directory', critical: true });
    expect(res.body.platform).toMatchObject({ name: 'kuaige-service-cloud', role: 'all', environment: 'test' });
    expect(res.body.platform.node).toMatch(/^24\./);
    expect(typeof res.body.platform.uptimeSeconds).toBe('number');
  });

  it('GET /ready answers 503 while start-up work is pending, 200 after', async () => {
    const done = app.get(Readiness).begin('test-rebuild', 'rebuilding read models');
    const waiting = await http().get('/ready').expect(503);
    expect(waiting.body.waitingFor).toEqual(['rebuilding read models']);
    done();
    const ready = await http().get('/ready').expect(200);
    expect(ready.body.waitingFor).toEqual([]);
  });

  it('echoes a valid X-Request-Id and makes one up otherwise', async () => {
    const given = await http().get('/health').set('x-request-id', 'req-123').expect(200);
    expect(given.headers['x-request-id']).toBe('req-123');
    const made = await http().get('/health').set('x-request-id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers GraphQL with the platform status', async () => {
    const res = await http()
      .post('/graphql')
      .set(admin())
      .send({ query: '{ platform { name role environment adapters { name kind up critical } } }' })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.platform).toMatchObject({ name: 'kuaige-service-cloud', role: 'all', environment: 'test' });
    expect(res.body.data.platform.adapters).toContainEqual({ name: 'storage', kind: 'local-directory', up: true, critical: true });
  });

  it('answers unknown API paths with the common error body', async () => {
    const res = await http().get('/api/v1/nothing-here').set('accept', 'text/html').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('refuses a body over the limit with 413 and the common error body', async () => {
    const res = await http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: '{ platform { name } }', pad: 'x'.repeat(70_000) }))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('serves the console, with index.html for its deep links', async () => {
    const index = await http().get('/').expect(200);
    expect(index.text).toContain('快鸽服务云');
    const deep = await http().get('/status').set('accept', 'text/html,application/xhtml+xml').expect(200);
    expect(deep.text).toContain('<app-root>');
    await http().get('/main.js').expect(200).expect('content-type', /javascript/);
    await http().get('/missing.js').expect(404);
  });

  it('publishes OpenAPI at /api/docs', async () => {
    const doc = await http().get('/api/docs/openapi.json').expect(200);
    expect(doc.body.info.title).toBe('Kuaige Service Cloud API');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
    await http().get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('sends security headers', async () => {
    const res = await http().get('/health');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('GET /health reports the event store, read models and jobs actually in use', async () => {
    const res = await http().get('/health').set(admin()).expect(200);
    expect(res.body.details.eventStore).toMatchObject({ status: 'up', kind: 'embedded-sqlite', critical: true });
    expect(res.body.details.readModels).toMatchObject({ status: 'up', kind: 'embedded-mingo', maxLagEvents: 0 });
    expect(res.body.details.jobs).toMatchObject({ status: 'up', kind: 'in-process', critical: false });
  });

  it('serves Prometheus metrics to holders of the admin token only', async () => {
    await http().get('/metrics').expect(401);
    await http().get('/metrics').set('authorization', 'Bearer wrong-token').expect(403);
    const token = readFileSync(join(dataDir, 'admin.token'), 'utf8').trim();
    const res = await http().get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0.0.4/);
    expect(res.text).toMatch(/^kuaige_event_store_head_position\{store="embedded-sqlite"\} \d+$/m);
    expect(res.text).toMatch(/^kuaige_projection_lag_events\{projection="accounts"\} \d+$/m);
    expect(res.text).toMatch(/^kuaige_jobs\{state="failed",queue="in-process"\} 0$/m);
  });
});
