// LOG_FILE: the product's JSON lines go to a file (the test run's logs are scanned for secrets).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { loggedUrl } from './logging';

const root = join(__dirname, '../../..');

describe('log file', () => {
  it('receives the request lines, with the Authorization header left out', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'kuaige-logs-'));
    const logFile = join(logs, 'nested', 'app.log');
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-log-data-')), CONSOLE_DIR: 'off', LOG_LEVEL: 'info', LOG_FILE: logFile }),
    );
    await app.getHttpAdapter().getInstance().ready();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw';
    await request(app.getHttpServer()).get('/api/v1/me').set('authorization', `Bearer ${token}`).expect(401);
    await request(app.getHttpServer()).get('/api/v1/me?phone=13812345678&debug').expect(401);
    await app.close();

    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { req?: { url: string }; res?: { statusCode: number } });
    expect(lines.some((l) => l.req?.url === '/api/v1/me' && l.res?.statusCode === 401)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).not.toContain(token);
    expect(lines.some((l) => l.req?.url === '/api/v1/me?phone=*&debug=*')).toBe(true);
    expect(readFileSync(logFile, 'utf8')).not.toContain('13812345678');
    const scanned = spawnSync(process.execPath, [join(root, 'scripts/scan-logs.mjs'), '--logs', logs, '--secrets', join(logs, 'none')], { encoding: 'utf8' });
    expect(scanned.status).toBe(0);
  });
});

describe('logged URLs', () => {
  it('keep the path and the query names, never the query values', () => {
    expect(loggedUrl('/api/v1/me')).toBe('/api/v1/me');
    expect(loggedUrl('/health?role=13812345678')).toBe('/health?role=*');
    expect(loggedUrl('/x?%24gt=1&a=b=c&&flag')).toBe('/x?%24gt=*&a=*&flag=*');
    expect(loggedUrl('/x?')).toBe('/x?');
  });
});
