// The Content-Security-Policy every response carries, through the real Fastify server: no inline
// script or style and no third-party origin, for the console, the API and the OpenAPI docs alike.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';

const directives = (header: string | undefined): Map<string, string[]> =>
  new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );

const expectStrict = (header: string | undefined, what: string) => {
  expect({ what, header }).toEqual({ what, header: expect.stringContaining("default-src 'self'") });
  expect({ what, header }).toEqual({ what, header: expect.not.stringMatching(/unsafe-inline|unsafe-eval|unpkg|https?:/) });
  const csp = directives(header);
  expect(csp.get('script-src')).toEqual(expect.arrayContaining(["'self'"]));
  expect(csp.get('style-src')).toEqual(expect.arrayContaining(["'self'"]));
};

describe.each(['development', 'production'] as const)('Content-Security-Policy (NODE_ENV=%s)', (nodeEnv) => {
  let app: NestFastifyApplication;
  const consoleDir = mkdtempSync(join(tmpdir(), 'kuaige-csp-console-'));
  writeFileSync(
    join(consoleDir, 'index.html'),
    '<!doctype html><html><head><link rel="stylesheet" href="styles.css"></head><body><kg-root></kg-root><script src="main.js" type="module"></script></body></html>',
  );
  writeFileSync(join(consoleDir, 'main.js'), 'console.log("console")');

  beforeAll(async () => {
    app = await createApp(
      loadConfig({ NODE_ENV: nodeEnv, DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-csp-')), CONSOLE_DIR: consoleDir, LOG_LEVEL: 'warn' }),
    );
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  const http = () => request(app.getHttpServer());

  it.each([
    ['the console', '/', 'text/html'],
    ['a console deep link', '/status', 'text/html'],
    ['a console asset', '/main.js', '*/*'],
    ['the API', '/health', 'application/json'],
    ['an unknown API path', '/api/v1/no-such-thing', 'application/json'],
    ['the OpenAPI docs', '/api/docs', 'text/html'],
    ['the OpenAPI document', '/api/docs/openapi.json', 'application/json'],
  ])('allows no inline script or style and no other origin on %s', async (what, path, accept) => {
    const res = await http().get(path).set('accept', accept);
    expect(res.status).toBeLessThan(500);
    expectStrict(res.headers['content-security-policy'], what);
  });

  it('allows no inline script or style and no other origin on GraphQL answers', async () => {
    const res = await http().post('/graphql').send({ query: '{ __typename }' }).expect(200);
    expectStrict(res.headers['content-security-policy'], 'GraphQL');
  });

  it('gives the console a fresh style nonce per response, for the styles Angular adds at run time', async () => {
    const first = await http().get('/').set('accept', 'text/html').expect(200);
    const second = await http().get('/status').set('accept', 'text/html').expect(200);
    const nonces = [first, second].map((res) => {
      const marked = /<kg-root ngCspNonce="([A-Za-z0-9+/=_-]{16,})">/.exec(res.text)?.[1];
      expect(directives(res.headers['content-security-policy']).get('style-src')).toContain(`'nonce-${marked}'`);
      return marked;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it('serves the docs page without inline code, its assets from this origin', async () => {
    const page = await http()
      .get('/api/docs')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(page.text).not.toMatch(/<style|\sstyle=|<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=/i);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^[a-z]+:|^\/\//i);
      const url = new URL(asset, 'http://kuaige.test/api/docs').pathname;
      const res = await http().get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toMatch(/javascript|css|image\/png/);
    }
    await http().get('/api/docs/').expect(301).expect('location', '/api/docs');
    // Only the UI's own files are served, not the rest of the package (its demo page, source maps).
    await http().get('/api/docs/assets/index.html').expect(404);
    await http().get('/api/docs/assets/swagger-ui-bundle.js.map').expect(404);
  });
});

describe('Content-Security-Policy of the development GraphiQL page', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-csp-')), LOG_LEVEL: 'warn' }));
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  // GraphiQL's page is Apollo's, loading React and GraphiQL from unpkg with an inline bootstrap; it
  // alone gets a policy that allows them, and only outside production.
  it('alone allows what that page needs', async () => {
    const page = await request(app.getHttpServer()).get('/graphql').set('accept', 'text/html').expect(200);
    expect(page.text).toContain('graphiql');
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(expect.arrayContaining(['https://unpkg.com']));
    const api = await request(app.getHttpServer()).post('/graphql').send({ query: '{ __typename }' }).expect(200);
    expectStrict(api.headers['content-security-policy'], 'GraphQL answers');
  });
});
