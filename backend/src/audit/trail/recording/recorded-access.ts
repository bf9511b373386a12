import {
  applyDecorators,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  SetMetadata,
  StreamableFile,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import type { SecurityEvent } from '@kuaige/domain';
import type { ReadModelStore } from '@kuaige/projections';
import { parsePermission, sensitiveFieldsOf, type Permission } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../../identity/clock';
import type { ActorRequest } from '../../../tenancy/api/authorization';
import { originOf, securityActorOf } from './request-facts';
import { SecurityLog } from './security-log';

// ---- Reads of sensitive data and exports, recorded before the data leaves ------------------------
//
// A route declares what it hands out; the interceptor records it after the handler produced the
// answer and before Nest sends it. If the record cannot be stored, the data is not sent (503): a
// read the audit trail does not show must not happen.

export type RecordedAccess =
  /** Answers unmasked fields when the caller holds `permission` (a `read-sensitive` one) in its context. */
  | { readonly kind: 'sensitive-read'; readonly resource: string; readonly permission: Permission }
  /** Answers a file (or a result set) leaving the product; `format` as the query names it, else `defaultFormat`. */
  | { readonly kind: 'export'; readonly resource: string; readonly defaultFormat: string };

const RECORDED_ACCESS = 'kuaige:recorded-access';
/** Query parameters never copied into an export's record. */
const SECRET_PARAMETER = /token|password|secret|code|key|otp/i;

/** The filters of a query as recorded: short strings only, nothing that looks like a credential. */
export const recordedFilters = (query: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((query ?? {}) as Record<string, unknown>)
      .filter(([k, v]) => !SECRET_PARAMETER.test(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      .slice(0, 30)
      .map(([k, v]) => [k.slice(0, 64), String(v).slice(0, 200)]),
  );

const rowsOf = (answer: unknown): number | null => {
  if (answer instanceof StreamableFile || answer === null || typeof answer !== 'object') return null;
  const items = (answer as { items?: unknown }).items;
  return Array.isArray(items) ? items.length : null;
};

/** The access the route's answer represents for this caller, or null (e.g. no read-sensitive held). */
export const accessEventOf = (spec: RecordedAccess, request: FastifyRequest, answer: unknown, at: Date): SecurityEvent | null => {
  const origin = originOf(request, at);
  if (spec.kind === 'sensitive-read') {
    const actor = (request as ActorRequest).actor;
    const { action, subject } = parsePermission(spec.permission);
    if (!actor?.ability.can(action, subject)) return null;
    return {
      type: 'SensitiveDataRead',
      data: { ...origin, resource: spec.resource, permission: spec.permission, fields: [...sensitiveFieldsOf(subject)] },
    };
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const format = typeof query['format'] === 'string' ? query['format'] : spec.defaultFormat;
  return {
    type: 'DataExported',
    data: { ...origin, resource: spec.resource, format, rows: rowsOf(answer), filters: recordedFilters(query) },
  };
};

@Injectable()
export class RecordedAccessInterceptor implements NestInterceptor {
  private readonly logger = new Logger('RecordedAccess');

  constructor(
    private readonly reflector: Reflector,
    private readonly log: SecurityLog,
    private readonly clock: Clock,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<RecordedAccess | undefined>(RECORDED_ACCESS, context.getHandler());
    if (!spec || context.getType<string>() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      mergeMap((answer) =>
        from(
          (async () => {
            const event = accessEventOf(spec, request, answer, this.clock.now());
            if (!event) return answer;
            try {
              await this.log.record(event, await securityActorOf(request, this.store), { correlationId: String(request.id ?? '') });
            } catch (error) {
              this.logger.error({ err: error, requestId: request.id }, 'access not recorded; answer withheld');
              const message = 'the audit trail could not record this access; try again shortly';
              throw new ServiceUnavailableException({
                statusCode: 503,
                message,
                errors: [{ field: 'audit', rule: 'audit-unavailable', message }],
              });
            }
            return answer;
          })(),
        ),
      ),
    );
  }
}

/** Records the route's answer in the audit trail (sensitive read or export) before it is sent. */
export const RecordsAccess = (spec: RecordedAccess) =>
  applyDecorators(SetMetadata(RECORDED_ACCESS, spec), UseInterceptors(RecordedAccessInterceptor));
