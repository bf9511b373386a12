import { Injectable, Logger } from '@nestjs/common';
import { chosenChannels, notification, notificationStream, quietHoursEnd, type RaiseNotification } from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import type { DispatchContext, DispatchReceipt } from '@kuaige/projections';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { NOTIFICATION_RULES, type NotificationRule } from '../rules';
import { render } from '../templates/templates';
import { NotificationDeliveries } from './notification-deliveries';
import { PreferencesReader } from './notification-preferences';
import { RecipientLookupService } from './recipient-lookups';

/** Who the platform's own notification commands are recorded as. */
export const NOTIFICATIONS_ACTOR = { userId: 'system:notifications' } as const;

const RULES_BY_TYPE = new Map<string, NotificationRule[]>();
for (const r of NOTIFICATION_RULES) RULES_BY_TYPE.set(r.eventType, [...(RULES_BY_TYPE.get(r.eventType) ?? []), r]);

/** The event types some rule reacts to. */
export const NOTIFIED_EVENT_TYPES: readonly string[] = [...RULES_BY_TYPE.keys()];

/**
 * Events older than this when the reaction reaches them tell nobody anything new: the reaction's first
 * run over an existing log (an upgrade, generated demo history) raises nothing for them. A reactor
 * stopped for longer than this loses those notifications; its lag is reported in the admin status.
 */
export const NOTIFY_WITHIN_MS = 24 * 3_600_000;

/** Whether an event is too old to notify of (by when its command was accepted). */
export const tooOldToNotify = (event: Pick<RecordedEvent, 'metadata' | 'recordedAt'>, now: number): boolean =>
  now - Date.parse(event.metadata?.occurredAt ?? event.recordedAt) > NOTIFY_WITHIN_MS;

/** Same event, template and recipient: the same notification, however often the reaction replays. */
export const notificationIdFor = (sourceEventId: string, template: string, recipientId: string): string => digestUuid('notification', sourceEventId, template, recipientId);

/**
 * Turns one triggering event into notifications: each rule for its type names the recipients, each
 * recipient's preferences choose the channels, language and quiet hours, and the notification is
 * raised on its own stream under a command id derived from the reaction's — so a replay of the
 * event raises nothing twice. The delivery jobs are queued afterwards also for a notification found
 * raised already, which covers a crash between the append and the queueing.
 */
@Injectable()
export class NotificationRaiser {
  private readonly logger = new Logger('NotificationRaiser');

  constructor(
    private readonly streams: AggregateStreams,
    private readonly lookups: RecipientLookupService,
    private readonly preferences: PreferencesReader,
    private readonly deliveries: NotificationDeliveries,
  ) {}

  async raiseFor(event: RecordedEvent, context: DispatchContext): Promise<DispatchReceipt> {
    let raised = 0;
    let found = 0;
    if (tooOldToNotify(event, Date.now())) return { commandId: context.commandId, duplicate: false };
    for (const rule of RULES_BY_TYPE.get(event.type) ?? []) {
      const subject = await rule.subject(event, this.lookups);
      if (!subject) continue;
      const actor = event.metadata.actor?.userId;
      // Whoever caused the event knows of it already.
      const recipients = [...new Set(await rule.recipients(event, this.lookups))].filter((u) => u !== actor && !u.startsWith('system:'));
      const values = { number: subject.number, device: subject.deviceName, ...(rule.params?.(event) ?? {}) };
      for (const recipientId of recipients) {
        const notificationId = notificationIdFor(event.eventId, rule.template, recipientId);
        const preferences = await this.preferences.of(recipientId);
        const now = new Date();
        const { title, body } = render(rule.template, preferences.language, values);
        const command: RaiseNotification = {
          type: 'RaiseNotification',
          data: {
            notificationId,
            recipientId,
            eventType: rule.eventType,
            templateKey: rule.template,
            language: preferences.language,
            title,
            body,
            subject: { kind: subject.link?.kind ?? 'work-order', id: subject.link?.id ?? subject.workOrderId, label: subject.number },
            channels: chosenChannels(rule.channels, rule.eventType, preferences.choices),
            holdUntil: quietHoursEnd(now, preferences.quietHours, preferences.timeZone),
            sourceEventId: event.eventId,
            at: now.toISOString(),
          },
        };
        const result = await this.streams.handle(notificationStream(notificationId), command, notification, {
          commandId: digestUuid(context.commandId, notificationId),
          causationId: event.eventId,
          correlationId: event.metadata.correlationId ?? context.correlationId,
          actor: NOTIFICATIONS_ACTOR,
          tenantIds: [],
          jurisdiction: [],
          at: now,
        });
        if (!result.duplicate && result.events.length > 0) raised++;
        else found++;
        await this.deliveries.queuePending(notificationId, result.state);
      }
    }
    if (raised > 0) this.logger.debug?.(`raised ${raised} notification(s) for ${event.type} ${event.eventId}`);
    // A replay finds every notification raised already: the command side recognised it.
    return { commandId: context.commandId, duplicate: raised === 0 && found > 0 };
  }
}
