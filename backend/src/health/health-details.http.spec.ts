// What /health, /ready and GraphQL `platform` tell an anonymous caller (up or down, check by check)
// and what only the holder of the admin token sees (paths, free disk, PID, versions), through HTTP.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { Readiness } from '../platform/readiness';

const ADMIN_TOKEN = 'health-details-admin-token-0123456789';
const PLATFORM = `{ platform { name version node role environment startedAt uptimeSeconds detailed adapters { name kind up critical detail } } }`;

describe('health details', () => {
  let app: NestFastifyApplication;
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-health-'));
  // What must not reach an anonymous caller, in any form.
  const secrets = [dataDir, `"pid":${process.pid}`, process.versions.node, 'freeBytes', 'local-directory', 'embedded-sqlite'];

  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'warn' }));
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());
  const http = () => request(app.getHttpServer());
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  it.each(['/health', '/ready'])('answers %s anonymously with the overall state and each check by name only', async (path) => {
    const res = await http().get(path).expect(200);
    for (const secret of secrets) expect(res.text).not.toContain(secret);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.storage).toEqual({ status: 'up' });
    expect(res.body.info.storage).toEqual({ status: 'up' });
    expect(Object.keys(res.body.details)).toEqual(expect.arrayContaining(['storage', 'eventStore', 'readModels', 'jobs']));
    expect(res.body.platform).toBeUndefined();
  });

  it.each(['/health', '/ready'])('answers %s with paths, free disk, PID and versions to the admin token', async (path) => {
    const res = await http().get(path).set(admin).expect(200);
    expect(res.body.details.storage).toMatchObject({ status: 'up', kind: 'local-directory', critical: true, path: dataDir });
    expect(res.body.details.storage.freeBytes).toBeGreaterThan(0);
    expect(res.body.platform).toMatchObject({ pid: process.pid, node: process.versions.node, role: 'all', environment: 'production' });
  });

  it('treats a wrong or malformed token as no token', async () => {
    for (const authorization of [`Bearer ${ADMIN_TOKEN}x`, ADMIN_TOKEN, 'Bearer ', `Basic ${ADMIN_TOKEN}`]) {
      const res = await http().get('/health').set({ authorization }).expect(200);
      for (const secret of secrets) expect(res.text).not.toContain(secret);
    }
  });

  it('keeps saying which start-up work /ready waits for, anonymously too', async () => {
    const finish = app.get(Readiness).begin('health-details-test', 'a test holding readiness');
    const res = await http().get('/ready').expect(503);
    expect(res.body).toMatchObject({ status: 'error', waitingFor: ['a test holding readiness'] });
    for (const secret of secrets) expect(res.text).not.toContain(secret);
    finish();
  });

  it('answers GraphQL platform anonymously with up/down per adapter and nothing else', async () => {
    const res = await http().post('/graphql').send({ query: PLATFORM }).expect(200);
    expect(res.body.errors).toBeUndefined();
    for (const secret of secrets) expect(res.text).not.toContain(secret);
    const platform = res.body.data.platform;
    expect(platform).toMatchObject({
      name: 'kuaige-service-cloud',
      detailed: false,
      version: null,
      node: null,
      role: null,
      environment: null,
    });
    expect(platform.adapters).toContainEqual({ name: 'storage', kind: null, up: true, critical: true, detail: null });
  });

  it('answers GraphQL platform with every detail to the admin token', async () => {
    const res = await http().post('/graphql').set(admin).send({ query: PLATFORM }).expect(200);
    const platform = res.body.data.platform;
    expect(platform).toMatchObject({ detailed: true, node: process.versions.node, role: 'all', environment: 'production' });
    expect(platform.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(platform.adapters).toContainEqual(
      expect.objectContaining({ name: 'storage', kind: 'local-directory', detail: expect.objectContaining({ path: dataDir }) }),
    );
  });
});
