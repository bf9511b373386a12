// Exports through the real HTTP stack: Guangdong's provincial operator exports the work-order list as
// XLSX and CSV, follows the job over SSE to 100 %, and downloads a file whose rows are the list's rows
// for it — never Jiangsu's; anyone else's export answers 404; bad input answers 400 naming field and
// rule; a retried request is the same export; once its time is up the file answers 410 and is deleted.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { readXlsx } from '../tabular/xlsx';
import { readCsv } from '../tabular/csv';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';
import { ExportJobs } from './application/export-jobs';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };
interface ExportBody {
  id: string;
  status: string;
  rows: number;
  expectedRows: number | null;
  percent: number | null;
  size: number | null;
  sha256: string | null;
  fileName: string | null;
  expiresAt: string | null;
}

describe('exports as jobs, over HTTP', () => {
  let t: IdentityApp;
  let baseUrl: string;
  let guangdong: Person;
  let shenzhen: Person;
  let jiangsu: Person;
  let engineer: Person;
  let jiangsuOrderNumber: string;

  const post = async (who: Person, path: string, body: object = {}, key = randomUUID()) =>
    (await t.http().post(path).set(bearer(who)).set('Idempotency-Key', key).send(body)) as unknown as Response;
  const ok = async (who: Person, path: string, body: object = {}) => {
    const res = await post(who, path, body);
    if (res.status !== 200 && res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const get = (who: Person, path: string, query: Record<string, string | number> = {}) => t.http().get(path).query(query).set(bearer(who)) as unknown as Promise<Response>;
  const raise = async (owner: { enterpriseId: string; admin: Person }, county: string, description: string) => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: owner.admin.userId }, null, county);
    return ok(owner.admin, '/api/v1/work-orders', { deviceId, fault: { type: 'electrical', description, attachments: [] }, priority: 'normal', contact: { name: '张工', phone: '13800138000' } });
  };
  const finished = async (who: Person, id: string): Promise<ExportBody> => {
    for (let i = 0; i < 200; i++) {
      const res = await get(who, `/api/v1/exports/${id}`);
      const body = res.body as unknown as ExportBody;
      if (body.status !== 'running') return body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`export ${id} did not finish`);
  };
  const download = async (who: Person, id: string) => {
    const res = await fetch(`${baseUrl}/api/v1/exports/${id}/file`, { headers: bearer(who) });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** The export's SSE stream until it says `completed` (or `failed`), as a browser reads it. */
  const progressOf = (who: Person, id: string, lastEventId?: string): Promise<{ event: string; id: string; data: Record<string, unknown> }[]> =>
    new Promise((resolve, reject) => {
      const url = new URL(`${baseUrl}/api/v1/exports/${id}/events`);
      const headers = { accept: 'text/event-stream', ...bearer(who), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          if (/event: (completed|failed)\n/.test(text)) {
            response.destroy();
            resolve(
              text
                .split('\n\n')
                .filter((block) => block.includes('data: '))
                .map((block) => {
                  const line = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
                  return { event: line('event'), id: line('id'), data: JSON.parse(line('data')) as Record<string, unknown> };
                }),
            );
          }
        });
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    t = await startIdentityApp({ EXPORT_RETENTION_HOURS: '0.01' });
    const root = await nationalRoot(t);
    const gd = await nodeWithAdmin(t, root.admin, '44');
    const sz = await nodeWithAdmin(t, gd.admin, '4403');
    const gz = await nodeWithAdmin(t, gd.admin, '4401');
    const js = await nodeWithAdmin(t, root.admin, '32');
    const nj = await nodeWithAdmin(t, js.admin, '3201');
    [guangdong, shenzhen, jiangsu] = [gd.admin, sz.admin, js.admin];
    const nanshan = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const tianhe = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    const nanjing = await enterpriseWithAdmin(t, '320102', 'equipment-user');
    const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [nanshan, provider]) await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${tianhe.enterpriseId}/approve`).set(bearer(gz.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${nanjing.enterpriseId}/approve`).set(bearer(nj.admin)).send({}).expect(200);
    engineer = await employeeOf(t, provider, ['engineer']);
    await raise(nanshan, '440305', '主轴异响，=SUM(A1) 不是公式');
    await raise(nanshan, '440305', '电机过热');
    await raise(tianhe, '440106', '漏电保护跳闸');
    jiangsuOrderNumber = String((await raise(nanjing, '320102', '南京的报修'))['number']);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  }, 240_000);
  afterAll(() => t.close());

  it('exports the list as XLSX: progress to 100 % over SSE, a file whose rows are the list’s rows for the actor', async () => {
    const list = await get(guangdong, '/api/v1/work-orders', { pageSize: 100 });
    const listed = (list.body['items'] as { number: string }[]).map((o) => o.number);
    expect(listed).toHaveLength(3);

    const started = await post(guangdong, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx', params: {}, locale: 'zh-CN' });
    expect(started.status).toBe(201);
    const id = String(started.body['id']);
    expect(started.body).toMatchObject({ kind: 'work-orders', format: 'xlsx', expectedRows: 3 });

    const events = await progressOf(guangdong, id);
    expect(events[0]).toMatchObject({ event: 'progress', id: '0', data: { status: 'running', rows: 0, of: 3 } });
    expect(events.at(-1)).toMatchObject({ event: 'completed', data: { status: 'completed', rows: 3, percent: 100 } });
    const percents = events.map((e) => e.data['percent'] as number);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    // Resuming after the first message replays the rest, not the first again.
    const resumed = await progressOf(guangdong, id, '0');
    expect(resumed.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));

    const done = await finished(guangdong, id);
    expect(done).toMatchObject({ status: 'completed', rows: 3, percent: 100 });
    const file = await download(guangdong, id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(file.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(String(done.fileName))}`);
    expect(done.fileName).toMatch(/^工单列表-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(file.bytes.length).toBe(done.size);
    const sheet = readXlsx(file.bytes);
    expect(sheet.rows[0]!.cells.slice(0, 3)).toEqual(['工单号', '状态', '优先级']);
    const numbers = sheet.rows.slice(1).map((r) => r.cells[0]);
    expect(numbers).toEqual(listed);
    expect(numbers).not.toContain(jiangsuOrderNumber);
    expect(sheet.rows.some((r) => r.cells.includes('主轴异响，=SUM(A1) 不是公式'))).toBe(true);
  });

  it('exports the list’s filters and the actor’s scope (CSV with a BOM, PDF): a city, and another province’s operator sees none of Guangdong', async () => {
    const city = await post(guangdong, '/api/v1/exports', { kind: 'work-orders', format: 'csv', params: { region: '4403' }, locale: 'en' });
    const done = await finished(guangdong, String(city.body['id']));
    expect(done.rows).toBe(2);
    const file = await download(guangdong, done.id);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(file.bytes);
    expect(rows[0]!.cells.slice(0, 2)).toEqual(['Number', 'Status']);
    expect(rows).toHaveLength(3);

    const pdf = await post(guangdong, '/api/v1/exports', { kind: 'work-orders', format: 'pdf', params: { region: '4401' } });
    const printed = await finished(guangdong, String(pdf.body['id']));
    expect([printed.status, printed.rows]).toEqual(['completed', 1]);
    const pdfFile = await download(guangdong, printed.id);
    expect(pdfFile.headers.get('content-type')).toBe('application/pdf');
    expect(pdfFile.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const theirs = await post(jiangsu, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx', params: {} });
    const js = await finished(jiangsu, String(theirs.body['id']));
    const numbers = readXlsx((await download(jiangsu, js.id)).bytes).rows.slice(1).map((r) => r.cells[0]);
    expect(numbers).toEqual([jiangsuOrderNumber]);
    const asked = await post(jiangsu, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx', params: { region: '44' } });
    expect((await finished(jiangsu, String(asked.body['id']))).rows).toBe(0);
  });

  it('answers 404 for another person’s export, on every route, and lists only my own, newest first', async () => {
    const mine = await post(guangdong, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx', params: {} });
    const id = String(mine.body['id']);
    await finished(guangdong, id);
    for (const path of [`/api/v1/exports/${id}`, `/api/v1/exports/${id}/file`, `/api/v1/exports/${id}/events`]) {
      const res = await get(shenzhen, path);
      expect(res.status).toBe(404);
      expect(res.body.errors?.[0]).toMatchObject({ field: 'id', rule: 'exists' });
    }
    expect((await get(guangdong, `/api/v1/exports/${randomUUID()}`)).status).toBe(404);
    const listed = await get(guangdong, '/api/v1/exports', { pageSize: 100 });
    const items = listed.body['items'] as { id: string; requestedAt: string }[];
    expect(items[0]!.id).toBe(id);
    expect(items.map((i) => i.requestedAt)).toEqual(items.map((i) => i.requestedAt).sort().reverse());
    expect(((await get(shenzhen, '/api/v1/exports')).body['items'] as unknown[]).map((i) => (i as { id: string }).id)).not.toContain(id);
  });

  it('refuses bad input with 400 naming field and rule, and a missing permission with 403', async () => {
    const cases: [object, string, string][] = [
      [{ kind: 'payroll', format: 'xlsx' }, 'kind', 'isIn'],
      [{ kind: 'work-orders', format: 'docx' }, 'format', 'isIn'],
      [{ kind: 'work-orders', format: 'xlsx', params: { region: 'Guangdong' } }, 'params.region', 'matches'],
      [{ kind: 'work-orders', format: 'xlsx', params: { status: 'lost' } }, 'params.status', 'isIn'],
      [{ kind: 'work-orders', format: 'xlsx', params: { pageSize: 10 } }, 'params.pageSize', 'whitelistValidation'],
      [{ kind: 'analytics-breakdown', format: 'xlsx', params: { dimension: 'region' } }, 'params.metric', 'isIn'],
      [{ kind: 'work-orders', format: 'xlsx', locale: 'fr' }, 'locale', 'isIn'],
    ];
    for (const [body, field, rule] of cases) {
      const res = await post(guangdong, '/api/v1/exports', body);
      expect([res.status, res.body.errors?.find((e) => e.field === field)?.rule]).toEqual([400, rule]);
    }
    const refused = await post(engineer, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx' });
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]).toMatchObject({ field: 'permission', rule: 'permission' });
  });

  it('makes a retried request the same export, written once', async () => {
    const key = randomUUID();
    const body = { kind: 'analytics-breakdown', format: 'xlsx', params: { dimension: 'region', metric: 'requests' } };
    const first = await post(guangdong, '/api/v1/exports', body, key);
    expect(first.status).toBe(201);
    const again = await post(guangdong, '/api/v1/exports', body, key);
    expect(again.status).toBe(201);
    expect(again.body['id']).toBe(first.body['id']);
    const done = await finished(guangdong, String(first.body['id']));
    const listed = (await get(guangdong, '/api/v1/exports', { pageSize: 100 })).body['items'] as { id: string }[];
    expect(listed.filter((i) => i.id === done.id)).toHaveLength(1);
    const sheet = readXlsx((await download(guangdong, done.id)).bytes);
    expect(sheet.rows.slice(1).map((r) => r.cells.slice(0, 2))).toEqual([
      ['4403', '深圳市'],
      ['4401', '广州市'],
    ]);
    // The same key with another request is refused, not taken for the first.
    expect((await post(guangdong, '/api/v1/exports', { ...body, format: 'csv' }, key)).status).toBe(422);
  });

  it('keeps a file for its set time, then answers 410 and deletes it once the sweep ran', async () => {
    const started = await post(guangdong, '/api/v1/exports', { kind: 'work-orders', format: 'xlsx', params: {} });
    const done = await finished(guangdong, String(started.body['id']));
    const jobs = t.app.get(ExportJobs);
    const path = jobs.pathOf(done.id, 'xlsx');
    expect(path.startsWith(join(t.dataDir, 'exports'))).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(Date.parse(String(done.expiresAt)) - Date.parse(String((await get(guangdong, `/api/v1/exports/${done.id}`)).body['completedAt']))).toBe(36_000);
    // Past the set time (36 s here), not so far that the session ends.
    t.clock.advance(40_000);
    const gone = await download(guangdong, done.id);
    expect(gone.status).toBe(410);
    expect(await jobs.expire()).toBeGreaterThanOrEqual(1);
    expect(existsSync(path)).toBe(false);
    expect((await finished(guangdong, done.id)).status).toBe('expired');
    const after = await get(guangdong, `/api/v1/exports/${done.id}/file`);
    expect([after.status, after.body.errors?.[0]?.rule]).toEqual([410, 'expired']);
  });
});
