import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../clock';
import type { Caller } from '../application/session-control';
import { ReadModelFreshness } from './read-model-freshness';

/** One of my sessions as the console lists it. */
export interface SessionView {
  readonly id: string;
  readonly userAgent: string;
  readonly ip: string;
  readonly startedAt: string;
  readonly lastActiveAt: string;
  readonly expiresAt: string;
  readonly current: boolean;
}

export interface LoginLogEntry {
  readonly at: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly result: 'success' | 'failure';
  readonly reason: string | null;
  readonly method: string | null;
}

/** Queries of a person's own identity read models. */
@Injectable()
export class IdentityQueries {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  /** The caller's sessions that are still alive, newest first. */
  async mySessions(caller: Caller): Promise<SessionView[]> {
    await this.freshness.caughtUp(['sessions']);
    const rows = await this.store.collection('sessions').find({ $and: [visibleRows, { userId: caller.userId, status: 'active' }] }, { sort: { startedAt: -1 }, limit: 100 });
    const now = this.clock.now().getTime();
    return rows
      .map((r) => publicRow(r) as Record<string, unknown> & { _id: string })
      .map((r) => {
        const idleEnd = Date.parse(String(r['lastActiveAt'])) + Number(r['idleTimeoutSeconds']) * 1000;
        const expiresAt = Math.min(idleEnd, Date.parse(String(r['absoluteExpiresAt'])));
        return { r, expiresAt };
      })
      .filter(({ expiresAt }) => expiresAt > now)
      .map(({ r, expiresAt }) => ({
        id: r._id,
        userAgent: String(r['userAgent']),
        ip: String(r['ip']),
        startedAt: String(r['startedAt']),
        lastActiveAt: String(r['lastActiveAt']),
        expiresAt: new Date(expiresAt).toISOString(),
        current: r._id === caller.sessionId,
      }));
  }

  /** The caller's latest sign-in attempts, newest first. */
  async myLoginLog(caller: Caller, limit: number): Promise<LoginLogEntry[]> {
    await this.freshness.caughtUp(['login_log']);
    const rows = await this.store.collection('login_log').find({ $and: [visibleRows, { userId: caller.userId }] }, { sort: { at: -1 }, limit });
    return rows.map((r) => ({
      at: String(r['at']),
      ip: String(r['ip']),
      userAgent: String(r['userAgent']),
      result: r['result'] as LoginLogEntry['result'],
      reason: (r['reason'] as string | null) ?? null,
      method: (r['method'] as string | null) ?? null,
    }));
  }
}

/** My live sessions, newest first. */
export class ListMySessions extends Query<SessionView[]> {
  constructor(readonly caller: Caller) {
    super();
  }
}

@QueryHandler(ListMySessions)
export class ListMySessionsHandler implements IQueryHandler<ListMySessions, SessionView[]> {
  constructor(private readonly queries: IdentityQueries) {}
  execute({ caller }: ListMySessions): Promise<SessionView[]> {
    return this.queries.mySessions(caller);
  }
}

/** My latest sign-in attempts, newest first. */
export class GetMyLoginLog extends Query<LoginLogEntry[]> {
  constructor(
    readonly caller: Caller,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(GetMyLoginLog)
export class GetMyLoginLogHandler implements IQueryHandler<GetMyLoginLog, LoginLogEntry[]> {
  constructor(private readonly queries: IdentityQueries) {}
  execute({ caller, limit }: GetMyLoginLog): Promise<LoginLogEntry[]> {
    return this.queries.myLoginLog(caller, limit);
  }
}
