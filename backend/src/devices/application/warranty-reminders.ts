import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { chinaDateOf, WARRANTY_NOTICE_DAYS } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { defineJob, type JobQueue } from '../../jobs/job-queue.port';
import { Clock } from '../../identity/clock';
import type { DeviceRow } from '../read-models/devices.projections';
import { NoticeWarrantyExpiry } from './device.commands';

// ---- Warranty-expiry reminders: a daily job asks each device whose warranty ends soon -------------
// The job only finds candidates in the read model; whether a reminder is raised is the device
// decider's (once per warranty end), so a run repeated, overlapping or replayed raises nothing twice.
// Each device's command id is derived from the device and its warranty end for the same reason.

export const WARRANTY_REMINDERS = defineJob<{ readonly reason: string }, { readonly asked: number; readonly noticed: number }>('devices.warranty-reminders', {
  attempts: 3,
  backoff: { type: 'exponential', delayMs: 60_000 },
});
/** Every morning at 08:00 China time. */
export const WARRANTY_REMINDER_SCHEDULE = { pattern: '0 0 8 * * *', tz: 'Asia/Shanghai' } as const;

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

@Injectable()
export class WarrantyReminders {
  private readonly logger = new Logger('WarrantyReminders');

  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  /** Installs the job's handler and its daily schedule (same scheduler id: never a second schedule). */
  async install(): Promise<void> {
    this.jobs.register(WARRANTY_REMINDERS, () => this.run());
    await this.jobs.schedule(WARRANTY_REMINDERS, 'daily', { repeat: WARRANTY_REMINDER_SCHEDULE, data: { reason: 'daily' } });
  }

  /** Asks every device whose warranty ends within the notice window and has no open reminder. */
  async run(): Promise<{ asked: number; noticed: number }> {
    const now = this.clock.now();
    const horizon = addDays(chinaDateOf(now.toISOString()), WARRANTY_NOTICE_DAYS);
    const rows = this.store.collection<DeviceRow>('devices');
    const filter = { $and: [visibleRows, { reminderOpen: false, status: { $ne: 'scrapped' }, warrantyEndsOn: { $ne: null, $lte: horizon } }] };
    let asked = 0;
    let noticed = 0;
    // The candidates are read before any is asked: asking moves rows out of the filter as the
    // projection catches up, which would shift pages read meanwhile.
    const candidates = await rows.find(filter, { sort: { warrantyEndsOn: 1, _id: 1 }, projection: { _id: 1, warrantyEndsOn: 1 } });
    for (const d of candidates) {
      const outcome = await this.commands.execute(
        new NoticeWarrantyExpiry(
          d._id,
          { at: now.toISOString() },
          {
            commandId: `warranty-notice:${d._id}:${String(d.warrantyEndsOn)}`,
            actor: { userId: 'system:warranty-reminders' },
            tenantIds: [],
            jurisdiction: [],
            at: now,
          },
        ),
      );
      asked++;
      if (outcome.events.length > 0 && !outcome.duplicate) noticed++;
    }
    if (noticed > 0) this.logger.log({ asked, noticed }, 'warranty-expiry reminders raised');
    return { asked, noticed };
  }
}
