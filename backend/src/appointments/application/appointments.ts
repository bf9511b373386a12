import { Inject, Injectable } from '@nestjs/common';
import { appointment, appointmentStream, type AppointmentCommand, type AppointmentEvent, type AppointmentState } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { JOB_QUEUE } from '../../event-sourcing/event-sourcing.tokens';
import { defineJob, type JobQueue } from '../../jobs/job-queue.port';

/** The delayed job that records the reminder of a confirmed visit. */
export interface AppointmentReminderJob {
  readonly workOrderId: string;
  readonly slotStart: string;
}
export const APPOINTMENT_REMINDER_JOB = defineJob<AppointmentReminderJob>('appointments.reminder', { attempts: 8, backoff: { type: 'exponential', delayMs: 1000 } });

/** Same visit, same job: scheduling again (a retried confirmation, the start-up sweep) adds nothing. */
export const appointmentReminderJobId = (workOrderId: string, slotStart: string): string => `appointment-reminder-${digestUuid('appointment.reminder', workOrderId, slotStart)}`;

/** Who the platform's reminder commands are recorded as. */
export const APPOINTMENT_SYSTEM_ACTOR = { userId: 'system:appointments' } as const;

/** Minutes before a confirmed visit its reminder is recorded (APPOINTMENT_REMINDER_LEAD_MINUTES, default 120). */
export const reminderLeadMinutes = (env: NodeJS.ProcessEnv = process.env): number => {
  const value = Number(env['APPOINTMENT_REMINDER_LEAD_MINUTES'] ?? 120);
  return Number.isFinite(value) && value >= 0 ? value : 120;
};

export type AppointmentOutcome = CommandResult<AppointmentEvent, AppointmentState>;

/**
 * The appointments' command side: every command goes through AggregateStreams on
 * `Appointment-<workOrderId>` (deduplicated on its command id), and afterwards a confirmed visit not
 * yet reminded of gets its reminder job — also after a duplicate, so that a retry after a crash between
 * the append and the scheduling schedules what the first attempt could not.
 */
@Injectable()
export class Appointments {
  constructor(
    private readonly streams: AggregateStreams,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  async handle(command: AppointmentCommand, context: CommandContext): Promise<AppointmentOutcome> {
    const result = await this.streams.handle(appointmentStream(command.data.workOrderId), command, appointment, context);
    await this.schedule(command.data.workOrderId, result.state);
    return result;
  }

  /** Enqueues the reminder of the confirmed visit, due at its remindAt (at once when that has passed). */
  async schedule(workOrderId: string, state: Pick<AppointmentState, 'status' | 'confirmed' | 'remindAt' | 'reminded'>): Promise<void> {
    if (state.status !== 'confirmed' || state.confirmed === null || state.remindAt === null || state.reminded.includes(state.confirmed.start)) return;
    const slotStart = state.confirmed.start;
    await this.jobs.enqueue(APPOINTMENT_REMINDER_JOB, { workOrderId, slotStart }, { jobId: appointmentReminderJobId(workOrderId, slotStart), delayMs: Math.max(0, Date.parse(state.remindAt) - Date.now()) });
  }
}
