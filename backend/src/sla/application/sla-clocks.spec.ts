import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ESCALATION, DEFAULT_SLA_TARGETS, ROUND_THE_CLOCK_CALENDAR, type Priority, type TargetMinutes } from '@kuaige/domain';
import { jurisdictionOf } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { EmbeddedSqliteEventStore } from '../../event-store/embedded-sqlite.event-store';
import { InProcessJobQueue } from '../../jobs/in-process.job-queue';
import { SLA_DEADLINE_JOB, slaDeadlineJobId, SlaClocks } from './sla-clocks';

// Round the clock, response in 1 h and resolution in 24 h: the response's checks are near, the resolution's beyond the horizon.
const targets = Object.fromEntries(Object.keys(DEFAULT_SLA_TARGETS).map((p) => [p, { response: 60, resolution: 24 * 60 }])) as Record<Priority, TargetMinutes>;

describe('SlaClocks scheduling', () => {
  const store = new EmbeddedSqliteEventStore(join(mkdtempSync(join(tmpdir(), 'kuaige-sla-clocks-')), 'events.sqlite'));
  const jobs = new InProcessJobQueue({});
  const clocks = new SlaClocks(new AggregateStreams(store), jobs, { policy: { calendar: ROUND_THE_CLOCK_CALENDAR, targets, escalation: DEFAULT_ESCALATION }, testTargets: false });
  afterAll(async () => {
    await jobs.close();
    await store.close();
  });

  it('queues the checks within the horizon, once however often the command comes, and leaves the later ones to the sweep', async () => {
    const at = new Date().toISOString();
    const start = { type: 'StartSla' as const, data: { workOrderId: 'wo-h', priority: 'urgent', requesterId: 'ent-1', manufacturerId: null, countyCode: '440305', jurisdiction: jurisdictionOf('440305'), at } };
    const first = await clocks.handle(start, { commandId: 'start-wo-h-0001', actor: { userId: 'system:sla' } });
    const again = await clocks.handle(start, { commandId: 'start-wo-h-0001', actor: { userId: 'system:sla' } });
    expect({ first: first.duplicate, again: again.duplicate }).toEqual({ first: false, again: true });
    const [response, resolution] = first.state.deadlines;
    const queued = async (dueAt: string) => (await jobs.getJob(SLA_DEADLINE_JOB, slaDeadlineJobId('wo-h', dueAt)))?.state ?? 'not queued';
    expect({
      response: await queued(response!.dueAt),
      responseEscalation: await queued(response!.escalations[0]!.at),
      resolution: await queued(resolution!.dueAt),
      resolutionEscalation: await queued(resolution!.escalations[0]!.at),
    }).toEqual({ response: 'delayed', responseEscalation: 'delayed', resolution: 'not queued', resolutionEscalation: 'not queued' });
    expect((await jobs.health()).detail.delayed).toBe(2);
  });
});
