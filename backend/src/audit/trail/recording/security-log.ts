import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { securityLogStream, type EventMetadata, type SecurityEvent } from '@kuaige/domain';
import type { EventStore, EventToAppend } from '@kuaige/eventsourcing';
import { EVENT_STORE } from '../../../event-sourcing/aggregate-streams';

// ---- The security log: security events appended in batches, each acknowledged once stored ---------
//
// Guarantee: record() resolves only after its event is in the event store, and every caller awaits
// it before the response it concerns is sent (refusals and exports in the onSend hook, sensitive
// reads in the interceptor). So nothing a client was answered about is lost in a crash; what is lost
// is at most the events of requests whose response never left. Batching only groups the appends of
// requests that arrive together (one append per actor's stream per turn of the event loop); the
// buffer is bounded: past MAX_PENDING, record() waits for the flush in progress before queueing.

/** Who and where, as the caller of record() knows it. */
export interface SecurityActor {
  /** The account, or `anonymous` / `operations` for callers without one. */
  readonly userId: string;
  readonly enterpriseId?: string;
  readonly operatorNodeId?: string;
  readonly ip: string;
  readonly userAgent?: string;
  /** Enterprises whose compliance scope the event falls in. */
  readonly tenantIds: readonly string[];
  /** County code and ancestors (or the operator node's division and ancestors). */
  readonly jurisdiction: readonly string[];
}

interface Pending {
  readonly streamId: string;
  readonly event: EventToAppend;
  readonly done: { resolve: () => void; reject: (e: unknown) => void };
}

export const MAX_PENDING = 1_000;

@Injectable()
export class SecurityLog implements OnApplicationShutdown {
  private readonly logger = new Logger('SecurityLog');
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;

  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /** Appends the event to the actor's security stream; resolves once it is stored. */
  async record(event: SecurityEvent, actor: SecurityActor, ids: { eventId?: string; correlationId?: string } = {}): Promise<void> {
    while (this.pending.length >= MAX_PENDING && this.flushing) await this.flushing;
    const commandId = ids.eventId ?? randomUUID();
    const metadata: EventMetadata = {
      commandId,
      correlationId: ids.correlationId ?? commandId,
      causationId: commandId,
      actor: {
        userId: actor.userId,
        ...(actor.enterpriseId ? { enterpriseId: actor.enterpriseId } : {}),
        ...(actor.operatorNodeId ? { operatorNodeId: actor.operatorNodeId } : {}),
        ip: actor.ip,
      },
      tenantIds: [...actor.tenantIds],
      jurisdiction: [...actor.jurisdiction],
      schemaVersion: 1,
      occurredAt: event.data.at,
    };
    const toAppend: EventToAppend = { eventId: commandId, type: event.type, data: event.data as never, metadata };
    await new Promise<void>((resolve, reject) => {
      this.pending.push({ streamId: securityLogStream(actor.userId), event: toAppend, done: { resolve, reject } });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** Appends everything queued; one append per stream. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const byStream = new Map<string, Pending[]>();
    for (const p of batch) byStream.set(p.streamId, [...(byStream.get(p.streamId) ?? []), p]);
    this.flushing = Promise.all(
      [...byStream].map(async ([streamId, items]) => {
        try {
          // Security streams are only ever appended to, never decided on: any revision will do.
          await this.events.append(
            streamId,
            items.map((i) => i.event),
            'any',
          );
          for (const i of items) i.done.resolve();
        } catch (error) {
          this.logger.error({ err: error, streamId, events: items.length }, 'security events not stored');
          for (const i of items) i.done.reject(error);
        }
      }),
    ).then(() => undefined);
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.pending.length > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
