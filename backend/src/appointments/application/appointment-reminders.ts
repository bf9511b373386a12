import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import type { JobQueue } from '../../jobs/job-queue.port';
import { APPOINTMENTS_COLLECTION, type AppointmentRow } from '../read-models/appointments.projections';
import { loadAppointment } from './appointment.commands';
import { APPOINTMENT_REMINDER_JOB, APPOINTMENT_SYSTEM_ACTOR, Appointments } from './appointments';

/**
 * Runs the reminder jobs — each issues RemindOfAppointment under a command id derived from the job id,
 * so a job run twice records one reminder, and a job for a visit since moved records none — and, at
 * start-up once the read models caught up (in-process jobs die with the process), queues again the
 * reminders of every confirmed visit not yet reminded of. On BullMQ the same job ids add nothing.
 */
@Injectable()
export class AppointmentReminders implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AppointmentReminders');
  private closing = false;
  swept: Promise<number> = Promise.resolve(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly readSide: ReadSide,
    private readonly streams: AggregateStreams,
    private readonly appointments: Appointments,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      APPOINTMENT_REMINDER_JOB,
      async (job) => {
        const { workOrderId, slotStart } = job.data;
        await this.appointments.handle(
          { type: 'RemindOfAppointment', data: { workOrderId, slotStart, by: { kind: 'system', reason: 'appointment-reminder' }, at: new Date().toISOString() } },
          { commandId: digestUuid('appointment.remind', job.id), actor: APPOINTMENT_SYSTEM_ACTOR, tenantIds: [], jurisdiction: [] },
        );
      },
      { concurrency: 2 },
    );
  }

  onApplicationBootstrap(): void {
    if (!roleRuns(this.config.role).worker) return;
    this.swept = this.sweepWhenCaughtUp().catch((e: Error) => {
      this.logger.error({ err: e }, 'appointment reminder sweep failed');
      return 0;
    });
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  private async sweepWhenCaughtUp(): Promise<number> {
    if (roleRuns(this.config.role).projector) {
      while (!this.readSide.projector) {
        if (this.closing) return 0;
        await new Promise((r) => setTimeout(r, 100));
      }
      await this.readSide.projector.caughtUp;
    }
    const pending = await this.store.collection<AppointmentRow>(APPOINTMENTS_COLLECTION).find({ $and: [{ reminderPending: true }, visibleRows] }, { sort: { remindAt: 1 }, limit: 10_000 });
    for (const row of pending) {
      if (this.closing) break;
      await this.appointments.schedule(row.workOrderId, await loadAppointment(this.streams, row.workOrderId));
    }
    if (pending.length > 0) this.logger.log(`re-scheduled ${pending.length} appointment reminder(s)`);
    return pending.length;
  }
}
