// Custom reports through the real HTTP stack: Guangdong's operator saves a report over orders raised in
// two cities, runs it, shares it with a colleague of the same node (who runs it in their own scope),
// schedules it; other nodes, enterprises and provinces get 404; bad definitions 400 naming field and
// rule; each due time of the schedule runs once per person, across a restart of the job queue too.
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@kuaige/eventsourcing';
import { type ReadModelStore } from '@kuaige/projections';
import { CommandBus } from '@nestjs/cqrs';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { openJobQueue } from '../jobs/job-queue.factory';
import type { JobQueue } from '../jobs/job-queue.port';
import { ActorDirectory } from '../tenancy/api/authorization';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, staffOf, type Person } from '../tenancy/testing/tenancy-app';
import { registerDevice } from '../work-orders/testing/work-order-world';
import { REPORT_RUNS, reportScheduleId, ReportSchedules } from './application/report-schedules';
import { ReportTables } from './application/report-tables';
import { Clock } from '../identity/clock';

type Response = { status: number; body: Record<string, unknown> & { errors?: { field: string; rule: string }[] } };

describe('custom reports: saved, shared, run in the runner’s scope, scheduled', () => {
  let t: IdentityApp;
  let guangdong: Person;
  let colleague: Person;
  let shenzhen: Person;
  let jiangsu: Person;
  let nanshanOwner: { enterpriseId: string; admin: Person };
  let reportId: string;

  const send = (who: Person, method: 'post' | 'put' | 'delete', path: string, body: object = {}) =>
    t.http()[method](path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body) as unknown as Promise<Response>;
  const get = (who: Person, path: string) => t.http().get(path).set(bearer(who)) as unknown as Promise<Response>;
  const raise = async (owner: { enterpriseId: string; admin: Person }, county: string, faultType: string) => {
    const deviceId = await registerDevice(t, { enterpriseId: owner.enterpriseId, userId: owner.admin.userId }, null, county);
    const res = await send(owner.admin, 'post', '/api/v1/work-orders', { deviceId, fault: { type: faultType, description: `${faultType} 报修`, attachments: [] }, priority: 'normal', contact: { name: '张工', phone: '13800138000' } });
    expect(res.status).toBe(201);
  };
  const byRegion = { name: '各市报修量', dimensions: ['region'], measures: ['requests'], chart: 'bar' };

  beforeAll(async () => {
    t = await startIdentityApp();
    const root = await nationalRoot(t);
    const gd = await nodeWithAdmin(t, root.admin, '44');
    const sz = await nodeWithAdmin(t, gd.admin, '4403');
    const gz = await nodeWithAdmin(t, gd.admin, '4401');
    const js = await nodeWithAdmin(t, root.admin, '32');
    [guangdong, shenzhen, jiangsu] = [gd.admin, sz.admin, js.admin];
    colleague = await staffOf(t, gd.admin, gd.nodeId, ['operator-staff']);
    nanshanOwner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    const tianheOwner = await enterpriseWithAdmin(t, '440106', 'equipment-user');
    await t.http().post(`/api/v1/enterprises/${nanshanOwner.enterpriseId}/approve`).set(bearer(shenzhen)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${tianheOwner.enterpriseId}/approve`).set(bearer(gz.admin)).send({}).expect(200);
    await raise(nanshanOwner, '440305', 'electrical');
    await raise(nanshanOwner, '440305', 'leakage');
    await raise(tianheOwner, '440106', 'leakage');
  }, 240_000);
  afterAll(() => t.close());

  it('saves a private report and runs it through the analytics, with true totals', async () => {
    const created = await send(guangdong, 'post', '/api/v1/reports', byRegion);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '各市报修量', visibility: 'private', schedule: null, mine: true, editable: true });
    reportId = String(created.body['id']);
    const result = await get(guangdong, `/api/v1/reports/${reportId}/result`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      columns: [
        { key: 'label', label: '地区', kind: 'dimension' },
        { key: 'requests', label: '报修量', kind: 'measure', measure: 'requests' },
      ],
      rows: [
        { key: '4403', label: '深圳市', requests: 2 },
        { key: '4401', label: '广州市', requests: 1 },
      ],
      totals: { requests: 3 },
    });
    // Two dimensions: the cities split by fault type, each split with its own totals.
    const split = await send(guangdong, 'post', '/api/v1/reports/preview', { ...byRegion, dimensions: ['region', 'faultType'] });
    expect(split.status).toBe(200);
    expect((split.body['columns'] as { key: string }[]).map((c) => c.key)).toEqual(['label', 'requests@leakage', 'requests@electrical']);
    expect(split.body['rows']).toEqual([
      { key: '4403', label: '深圳市', 'requests@leakage': 1, 'requests@electrical': 1 },
      { key: '4401', label: '广州市', 'requests@leakage': 1, 'requests@electrical': null },
    ]);
    expect(split.body['totals']).toEqual({ 'requests@leakage': 2, 'requests@electrical': 1 });
    const list = await get(guangdong, '/api/v1/reports?q=报修');
    expect(list.body).toMatchObject({ total: 1, items: [{ id: reportId }] });
    expect((await get(guangdong, '/api/v1/reports?q=nothing-like-it')).body['total']).toBe(0);
  });

  it('exports a saved report through the export jobs: the file has the report’s columns and rows', async () => {
    const started = await send(guangdong, 'post', '/api/v1/exports', { kind: 'custom-report', format: 'csv', params: { reportId }, locale: 'zh-CN' });
    expect(started.status).toBe(201);
    const exportId = String(started.body['id']);
    let status = '';
    for (let i = 0; i < 200 && status !== 'completed' && status !== 'failed'; i++) {
      status = String((await get(guangdong, `/api/v1/exports/${exportId}`)).body['status']);
      if (status === 'running') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('completed');
    const file = await t.http().get(`/api/v1/exports/${exportId}/file`).set(bearer(guangdong)).buffer(true).expect(200);
    const lines = String(file.text).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toEqual(['地区,报修量', '深圳市,2', '广州市,1']);
    // Someone else's report is not theirs to export: refused before any job runs.
    expect((await send(jiangsu, 'post', '/api/v1/exports', { kind: 'custom-report', format: 'csv', params: { reportId }, locale: 'zh-CN' })).status).toBe(404);
  });

  it('keeps a private report from colleagues; shared, they run it in their own scope but may not change it', async () => {
    expect((await get(colleague, `/api/v1/reports/${reportId}`)).status).toBe(404);
    expect((await get(colleague, '/api/v1/reports')).body['total']).toBe(0);
    expect((await send(guangdong, 'post', `/api/v1/reports/${reportId}/share`)).body).toMatchObject({ visibility: 'shared' });
    expect((await get(colleague, '/api/v1/reports')).body).toMatchObject({ total: 1, items: [{ id: reportId, mine: false, editable: false }] });
    expect((await get(colleague, `/api/v1/reports/${reportId}/result`)).body['totals']).toEqual({ requests: 3 });
    const change = await send(colleague, 'put', `/api/v1/reports/${reportId}`, { ...byRegion, name: '改名' });
    expect(change.status).toBe(403);
    expect(change.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'owner-only' })]);
  });

  it('answers 404 to other nodes, enterprises and provinces, and never shows more than the runner’s scope', async () => {
    for (const stranger of [shenzhen, jiangsu, nanshanOwner.admin]) {
      expect((await get(stranger, `/api/v1/reports/${reportId}`)).status).toBe(404);
      expect((await get(stranger, `/api/v1/reports/${reportId}/result`)).status).toBe(404);
      expect((await send(stranger, 'post', `/api/v1/reports/${reportId}/unshare`)).status).toBe(404);
      expect((await get(stranger, '/api/v1/reports')).body['total']).toBe(0);
    }
    // Shenzhen asking about the whole province sees nothing of it; its own city, only its own orders.
    expect((await send(shenzhen, 'post', '/api/v1/reports/preview', { ...byRegion, filters: { regionCode: '44' } })).body['totals']).toEqual({ requests: 0 });
    expect((await send(shenzhen, 'post', '/api/v1/reports/preview', byRegion)).body['totals']).toEqual({ requests: 2 });
    expect((await send(jiangsu, 'post', '/api/v1/reports/preview', { ...byRegion, filters: { regionCode: '440305' } })).body['rows']).toEqual([]);
  });

  it('refuses bad definitions 400, naming field and rule, and saves nothing', async () => {
    const cases: [object, string, string][] = [
      [{ ...byRegion, measures: ['requests', 'profit'] }, 'measures[1]', 'isIn'],
      [{ ...byRegion, dimensions: ['region', 'month', 'deviceType'] }, 'dimensions', 'maxItems'],
      [{ ...byRegion, filters: { range: { kind: 'absolute', from: '2026-11-30', to: '2026-11-01' } } }, 'filters.range.to', 'range'],
      [{ ...byRegion, filters: { range: { kind: 'last-days', days: 0 } } }, 'filters.range.days', 'range'],
      [{ ...byRegion, name: '' }, 'name', 'required'],
    ];
    for (const [body, field, rule] of cases) {
      for (const path of ['/api/v1/reports', '/api/v1/reports/preview']) {
        const res = await send(guangdong, 'post', path, body);
        expect([path, res.status, res.body.errors?.[0]]).toEqual([path, 400, expect.objectContaining({ field, rule })]);
      }
    }
    expect((await get(guangdong, '/api/v1/reports')).body['total']).toBe(1);
  });

  it('schedules runs for people of its node, once per person and due time, across a restart of the job queue', async () => {
    const outsider = await send(guangdong, 'put', `/api/v1/reports/${reportId}/schedule`, { schedule: { frequency: 'daily', time: '08:30' }, recipients: [nanshanOwner.admin.userId] });
    expect([outsider.status, outsider.body.errors?.[0]]).toEqual([400, expect.objectContaining({ field: 'recipients[0]', rule: 'same-party' })]);
    const badTime = await send(guangdong, 'put', `/api/v1/reports/${reportId}/schedule`, { schedule: { frequency: 'daily', time: '8:30' } });
    expect([badTime.status, badTime.body.errors?.[0]]).toEqual([400, expect.objectContaining({ field: 'schedule.time', rule: 'matches' })]);
    const scheduled = await send(guangdong, 'put', `/api/v1/reports/${reportId}/schedule`, { schedule: { frequency: 'daily', time: '08:30' }, recipients: [colleague.userId] });
    expect(scheduled.body).toMatchObject({ schedule: { frequency: 'daily', time: '08:30' }, recipients: [colleague.userId] });

    const jobs = t.app.get<JobQueue>(JOB_QUEUE);
    const [mine] = (await jobs.schedules(REPORT_RUNS)).filter((s) => s.id === reportScheduleId(reportId));
    expect(mine?.repeat).toEqual({ pattern: '0 30 8 * * *', tz: 'Asia/Shanghai' });
    // The next due time is 08:30 in Shanghai, i.e. 00:30 UTC.
    expect(new Date(mine!.nextRunAt!).toISOString().slice(11)).toBe('00:30:00.000Z');

    const due = Date.parse('2026-12-01T00:30:00.000Z');
    const runJob = async (queue: JobQueue, dueMs: number) => {
      const id = await queue.enqueue(REPORT_RUNS, { reportId, dueAt: new Date(dueMs).toISOString() });
      for (let i = 0; i < 400; i++) {
        const job = await queue.getJob(REPORT_RUNS, id);
        if (job?.state === 'completed') return job.result;
        if (job?.state === 'failed') throw new Error(job.failedReason ?? 'failed');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the report run did not finish');
    };
    expect(await runJob(jobs, due)).toEqual({ recorded: 2, skipped: 0 });
    expect(await runJob(jobs, due)).toEqual({ recorded: 0, skipped: 0 });

    // A restarted queue (nothing kept in memory) gets the schedule again from the reports read model,
    // and the due time already run records nothing; the next one records once more.
    const restarted = openJobQueue({ redisUrl: null });
    const again = new ReportSchedules(
      restarted,
      t.app.get<ReadModelStore>(READ_MODEL_STORE),
      t.app.get(AggregateStreams),
      t.app.get(ReadModelFreshness),
      t.app.get(ActorDirectory),
      t.app.get(ReportTables),
      t.app.get(CommandBus),
      t.app.get(Clock),
    );
    try {
      await again.install();
      await restarted.start();
      expect((await restarted.schedules(REPORT_RUNS)).map((s) => s.id)).toContain(reportScheduleId(reportId));
      expect(await runJob(restarted, due)).toEqual({ recorded: 0, skipped: 0 });
      expect(await runJob(restarted, due + 86_400_000)).toEqual({ recorded: 2, skipped: 0 });
    } finally {
      await restarted.close();
    }
    let recordedRuns = 0;
    for await (const e of t.app.get<EventStore>(EVENT_STORE).readAll()) if (e.type === 'ReportRunRecorded') recordedRuns++;
    expect(recordedRuns).toBe(4);

    for (const who of [guangdong, colleague]) {
      const runs = await get(who, `/api/v1/reports/${reportId}/runs`);
      expect(runs.body['total']).toBe(2);
      const items = runs.body['items'] as { dueAt: string; forUserId: string; table: { totals: unknown } }[];
      expect(items.map((r) => [r.dueAt, r.forUserId])).toEqual([
        ['2026-12-02T00:30:00.000Z', who.userId],
        ['2026-12-01T00:30:00.000Z', who.userId],
      ]);
      expect(items[0]!.table.totals).toEqual({ requests: 3 });
    }
    expect((await get(shenzhen, `/api/v1/reports/${reportId}/runs`)).status).toBe(404);

    // The colleague is told in the inbox, once per due time.
    let notices: { title: string }[] = [];
    for (let i = 0; i < 200 && notices.length < 2; i++) {
      notices = ((await get(colleague, '/api/v1/me/notifications')).body['items'] as { title: string }[]).filter((n) => n.title.includes('各市报修量'));
      if (notices.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(notices).toHaveLength(2);

    // Unscheduled and deleted: the schedule is gone, and so is the report.
    expect((await send(guangdong, 'delete', `/api/v1/reports/${reportId}/schedule`)).body).toMatchObject({ schedule: null });
    expect((await jobs.schedules(REPORT_RUNS)).map((s) => s.id)).not.toContain(reportScheduleId(reportId));
    expect((await send(guangdong, 'delete', `/api/v1/reports/${reportId}`)).body).toEqual({ id: reportId, deleted: true });
    expect((await get(guangdong, `/api/v1/reports/${reportId}`)).status).toBe(404);
    expect((await get(colleague, '/api/v1/reports')).body['total']).toBe(0);
  });
});
