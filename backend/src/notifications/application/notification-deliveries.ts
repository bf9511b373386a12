import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EXTERNAL_CHANNELS, notification, notificationStream, type ExternalChannel, type NotificationCommand, type NotificationRaised, type NotificationState } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore, type Row } from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../../event-sourcing/read-side';
import { PersonalData } from '../../identity/personal-data';
import { defineJob, type JobContext, type JobQueue } from '../../jobs/job-queue.port';
import { PermanentJobError } from '../../jobs/job-queue.errors';
import type { EmailSender } from '../channels/email-sender';
import type { NotificationSms } from '../channels/notification-sms';
import { EMAIL_SENDER, NOTIFICATION_SMS } from '../notifications.tokens';
import { NOTIFICATIONS_COLLECTION, type NotificationRow } from '../read-models/notifications.projections';
import { PreferencesReader } from './notification-preferences';

export interface DeliveryJob {
  readonly notificationId: string;
  readonly channel: ExternalChannel;
}

export const DELIVERY_ATTEMPTS = 6;
export const NOTIFICATION_DELIVERY_JOB = defineJob<DeliveryJob>('notifications.deliver', { attempts: DELIVERY_ATTEMPTS, backoff: { type: 'exponential', delayMs: 2000 } });

/** One job per notification and channel: queueing it again (replays, the sweep) adds nothing. */
export const deliveryJobId = (notificationId: string, channel: ExternalChannel): string => `notif-${digestUuid('notification.delivery', notificationId, channel)}`;

/** The SMTP Message-ID of a notification's e-mail: the same on every attempt. */
export const messageIdOf = (notificationId: string): string => `<${notificationId}.notification@kuaige.local>`;

const SYSTEM = { userId: 'system:notifications' } as const;
const SWEEP_PAGE = 500;

interface AccountRow extends Row {
  readonly mobileEncrypted?: string;
}

/**
 * Sends notifications by SMS and e-mail exactly once per channel: each (notification, channel) is one
 * job with a derived id, and the job sends only while the notification's stream still says the
 * channel is pending; a send is recorded as NotificationDelivered (command id derived from the
 * notification and channel, so a second record appends nothing). What remains is the window between
 * the provider's acceptance and that append: a crash there sends once more on retry, with the same
 * Message-ID / OutId so that the provider or mail system can tell (README.md here).
 */
@Injectable()
export class NotificationDeliveries implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDeliveries');
  private closing = false;
  /** Settles once the start-up sweep has queued every pending delivery (or this role does not sweep). */
  swept: Promise<number> = Promise.resolve(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(EMAIL_SENDER) private readonly email: EmailSender,
    @Inject(NOTIFICATION_SMS) private readonly sms: NotificationSms,
    private readonly streams: AggregateStreams,
    private readonly readSide: ReadSide,
    private readonly personal: PersonalData,
    private readonly preferences: PreferencesReader,
  ) {}

  onModuleInit(): void {
    this.jobs.register(NOTIFICATION_DELIVERY_JOB, (job) => this.deliver(job), { concurrency: 4 });
  }

  onApplicationBootstrap(): void {
    if (!roleRuns(this.config.role).worker) return;
    this.swept = this.sweepWhenCaughtUp().catch((e: Error) => {
      this.logger.error({ err: e }, 'notification delivery sweep failed');
      return 0;
    });
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  /** Queues the job of every channel still pending, delayed until the quiet hours end. */
  async queuePending(notificationId: string, state: NotificationState): Promise<void> {
    const delayMs = state.holdUntil ? Math.max(0, Date.parse(state.holdUntil) - Date.now()) : 0;
    for (const channel of EXTERNAL_CHANNELS) {
      if (state.deliveries[channel]?.state !== 'pending') continue;
      await this.jobs.enqueue(NOTIFICATION_DELIVERY_JOB, { notificationId, channel }, { jobId: deliveryJobId(notificationId, channel), delayMs });
    }
  }

  /**
   * Queues the deliveries the read model shows pending: at start-up (in-process jobs die with the
   * process; on BullMQ the same job ids add nothing). Pages by id.
   */
  async sweep(): Promise<number> {
    const rows = this.store.collection<NotificationRow>(NOTIFICATIONS_COLLECTION);
    let after = '';
    let count = 0;
    for (;;) {
      const page = await rows.find({ $and: [{ pendingChannels: { $in: [...EXTERNAL_CHANNELS] } }, { _id: { $gt: after } }, visibleRows] }, { sort: { _id: 1 }, limit: SWEEP_PAGE });
      for (const row of page) {
        const { state } = await this.streams.load(notificationStream(row._id), notification);
        await this.queuePending(row._id, state);
        count++;
        if (this.closing) return count;
      }
      if (page.length < SWEEP_PAGE) break;
      after = page[page.length - 1]!._id;
    }
    if (count > 0) this.logger.log(`re-queued the deliveries of ${count} notification(s)`);
    return count;
  }

  private async sweepWhenCaughtUp(): Promise<number> {
    if (!(await this.readModelsCaughtUp())) return 0;
    return this.sweep();
  }

  /**
   * Waits until this process's read models have caught up with the log (after a start they are
   * rebuilt or restored first): an address read before that would find no account and skip a
   * delivery that should be sent. False when closing first.
   */
  private async readModelsCaughtUp(): Promise<boolean> {
    if (!roleRuns(this.config.role).projector) return true;
    while (!this.readSide.projector) {
      if (this.closing) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.readSide.projector.caughtUp;
    return true;
  }

  private async record(command: NotificationCommand, commandId: string): Promise<void> {
    // Caused by the notification, not by a client: the record names it, as the raising names its event.
    const cause = command.data.notificationId;
    await this.streams.handle(notificationStream(cause), command, notification, { commandId, causationId: cause, correlationId: cause, actor: SYSTEM, tenantIds: [], jurisdiction: [] });
  }

  private async deliver(job: JobContext<DeliveryJob>): Promise<void> {
    const { notificationId, channel } = job.data;
    const { state, events } = await this.streams.load(notificationStream(notificationId), notification);
    const raised = events.find((e) => e.type === 'NotificationRaised') as unknown as { data: NotificationRaised['data'] } | undefined;
    if (!state.raised || !raised) throw new PermanentJobError(`notification ${notificationId} does not exist`);
    // The record decides: a job run again after the send was recorded sends nothing.
    if (state.deliveries[channel]?.state !== 'pending') return;
    if (!(await this.readModelsCaughtUp())) throw new Error('closing before the read models caught up; the job runs again');
    const at = () => new Date().toISOString();
    const address = await this.addressOf(state.recipientId!, channel);
    if (address === null) {
      await this.record({ type: 'SkipNotificationDelivery', data: { notificationId, channel, at: at() } }, digestUuid('notification.skipped', notificationId, channel));
      return;
    }
    try {
      if (channel === 'email') {
        await this.email.send({ to: address, subject: raised.data.title, text: raised.data.body, messageId: messageIdOf(notificationId) });
      } else {
        await this.sms.send({
          to: address,
          text: `【快鸽服务云】${raised.data.title}：${raised.data.body}`,
          templateKey: raised.data.templateKey as never,
          values: { number: raised.data.subject?.label ?? '' },
          outId: `${notificationId}`.slice(0, 64),
        });
      }
    } catch (error) {
      const final = job.attempt >= DELIVERY_ATTEMPTS || error instanceof PermanentJobError;
      const message = (error as Error).message?.slice(0, 300) ?? String(error);
      await this.record(
        { type: 'RecordNotificationFailure', data: { notificationId, channel, attempts: job.attempt, error: message, final, at: at() } },
        digestUuid('notification.failed', notificationId, channel, String(job.attempt)),
      );
      throw error;
    }
    await this.record({ type: 'RecordNotificationDelivery', data: { notificationId, channel, attempts: job.attempt, at: at() } }, digestUuid('notification.delivered', notificationId, channel));
  }

  private async addressOf(userId: string, channel: ExternalChannel): Promise<string | null> {
    if (channel === 'email') return this.preferences.email(userId);
    const [account] = await this.store.collection<AccountRow>('accounts').find({ $and: [{ _id: userId }, visibleRows] }, { limit: 1 });
    return account?.mobileEncrypted ? this.personal.decrypt(userId, 'mobile', account.mobileEncrypted) : null;
  }
}
