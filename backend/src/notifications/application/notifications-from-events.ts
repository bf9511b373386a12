import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reaction, type Dispatch, type Reaction, type ReactionHandler } from '@kuaige/projections';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { NOTIFIED_EVENT_TYPES, NotificationRaiser } from './notification-raiser';

// ---- The durable reaction from other contexts' events to notifications ------------------------------
// Runs from the event store with its own checkpoint (never inside the command that caused the event):
// one command per triggering event, whose id the reactor derives from the event, and the raiser
// derives each notification's id and command id from it in turn (ADR 0006).

export const NOTIFICATIONS_REACTION = 'notifications-from-events';
export const RAISE_NOTIFICATIONS = 'RaiseNotificationsFor';

const raiseFor: ReactionHandler = (event: RecordedEvent) => ({ type: RAISE_NOTIFICATIONS, data: { event: event as unknown as Record<string, unknown> } });

export const notificationsFromEvents: Reaction = reaction(NOTIFICATIONS_REACTION, Object.fromEntries(NOTIFIED_EVENT_TYPES.map((type) => [type, raiseFor])));

/** Registers the reaction with the command that raises an event's notifications. */
@Injectable()
export class NotificationReaction implements OnModuleInit {
  constructor(
    private readonly registry: ReactionRegistry,
    private readonly raiser: NotificationRaiser,
  ) {}

  onModuleInit(): void {
    const raise: Dispatch = (command, context) => this.raiser.raiseFor(command.data['event'] as unknown as RecordedEvent, context);
    this.registry.add(notificationsFromEvents, { [RAISE_NOTIFICATIONS]: raise });
  }
}
