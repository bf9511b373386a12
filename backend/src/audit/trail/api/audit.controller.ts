import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  StreamableFile,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { digestUuid } from '@kuaige/eventsourcing';
import { Client, type ClientCommand } from '../../../event-sourcing/client-command';
import { Clock } from '../../../identity/clock';
import { ReadModelFreshness } from '../../../identity/read-models/read-model-freshness';
import { MEDIA_TYPES } from '../../../tabular';
import { CurrentActor, NotFoundInScope, Permit, type Actor } from '../../../tenancy/api/authorization';
import { originOf, securityActorOf } from '../recording/request-facts';
import { recordedFilters } from '../recording/recorded-access';
import { SecurityLog } from '../recording/security-log';
import { AUDIT_ENTRIES_COLLECTION } from '../read-models/audit-entries.projection';
import { AuditEntriesForExport, GetAuditEntry, GetEntityHistory, SearchAuditEntries, TOTAL_CAP, type AuditSearch } from '../read-models/audit.queries';
import { AuditExportDto, AuditListQueryDto, AuditSearchDto, EntityHistoryQueryDto, STREAM } from './audit.dto';
import { auditSheet, RESULT_LABELS } from './audit-sheet';
import { Inject } from '@nestjs/common';
import { READ_MODEL_STORE } from '../../../event-sourcing/event-sourcing.tokens';
import type { ReadModelStore } from '@kuaige/projections';

/** Rows an export may hold, per format: XLSX is built in memory as one sheet, CSV is lighter. */
export const EXPORT_LIMITS = { xlsx: 10_000, csv: 100_000 } as const;

const PROJECTIONS = [AUDIT_ENTRIES_COLLECTION];
const EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const fieldError = (field: string, rule: string, message: string) => ({ message, errors: [{ field, rule, message }] });
const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

const searchOf = (dto: AuditSearchDto): AuditSearch => {
  if (dto.from && dto.to && Date.parse(dto.from) >= Date.parse(dto.to))
    throw new BadRequestException(fieldError('to', 'after-from', 'to must be later than from'));
  // Rows store UTC instants (toISOString); bounds are compared as such.
  const instant = (text: string) => new Date(text).toISOString();
  return {
    ...(dto.actor ? { actor: dto.actor } : {}),
    ...(dto.enterpriseId ? { enterpriseId: dto.enterpriseId } : {}),
    ...(dto.nodeId ? { nodeId: dto.nodeId } : {}),
    ...(dto.stream ? { stream: dto.stream } : {}),
    ...(dto.type ? { type: dto.type } : {}),
    ...(dto.result ? { result: dto.result } : {}),
    ...(dto.from ? { from: instant(dto.from) } : {}),
    ...(dto.to ? { to: instant(dto.to) } : {}),
    ...(dto.sort ? { sort: dto.sort } : {}),
  };
};

/** /api/v1/audit — the audit trail for compliance staff: search, event detail with diff, entity history, export. */
@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly log: SecurityLog,
    private readonly clock: Clock,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  @Get('entries')
  @Permit('audit-log:read')
  @ApiOperation({
    summary:
      'Audit entries in my scope (every event of the log), newest first, filtered by actor, enterprise, operator node, stream or category, type, result, time',
  })
  @ApiOkResponse({
    description:
      '{ items: [{ id, position, at, type, stream, category, actor, enterpriseId, nodeId, ip, userAgent, result, summary }], total (counted up to 10,000), totalCapped, page, pageSize, nextCursor (send as after= for the next page; null on the last) }',
  })
  async search(@CurrentActor() actor: Actor, @Query() query: AuditListQueryDto) {
    const search = searchOf(query);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    if (query.after !== undefined && query.page !== undefined) throw new BadRequestException(fieldError('after', 'not-with-page', 'send either page or after, not both'));
    // Skipping costs what it skips: deep pages go by cursor, which costs the same at any depth.
    if ((page - 1) * pageSize >= TOTAL_CAP)
      throw new BadRequestException(fieldError('page', 'within-total-cap', `pages reach the first ${TOTAL_CAP} entries; read on with after=<nextCursor>`));
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new SearchAuditEntries(actor, search, page, pageSize, query.after));
  }

  @Get('entries/:id')
  @Permit('audit-log:read')
  @ApiOperation({
    summary: 'One entry: the event with its metadata, and what it changed in the read models of its entity (before/after, field by field)',
  })
  @ApiOkResponse({
    description:
      '{ entry, event: { eventId, type, streamId, revision, position, recordedAt, hash, data, metadata }, diff: [{ collection, id, kind, fields: [{ path, kind, before, after }] }] }',
  })
  async entry(@CurrentActor() actor: Actor, @Param('id') id: string) {
    if (!EVENT_ID.test(id)) throw new NotFoundInScope('AuditLog');
    await this.freshness.caughtUp(PROJECTIONS);
    const found = await this.queries.execute(new GetAuditEntry(actor, id));
    if (!found) throw new NotFoundInScope('AuditLog');
    return found;
  }

  @Get('entities/:stream')
  @Permit('audit-log:read')
  @ApiOperation({
    summary: 'The whole history of one entity (its stream), oldest first, as far as my scope reaches; 404 when none of it is in scope',
  })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async entity(@CurrentActor() actor: Actor, @Param('stream') stream: string, @Query() query: EntityHistoryQueryDto) {
    if (!STREAM.test(stream) || !stream.includes('-')) throw new NotFoundInScope('AuditLog', 'stream');
    await this.freshness.caughtUp(PROJECTIONS);
    const history = await this.queries.execute(new GetEntityHistory(actor, stream, query.page ?? 1, query.pageSize ?? 50));
    if (history.total === 0) throw new NotFoundInScope('AuditLog', 'stream');
    return history;
  }

  @Post('exports')
  @HttpCode(HttpStatus.OK)
  @Permit('audit-log:export')
  @ApiOperation({
    summary: 'The entries matching the search as a file (XLSX ≤ 10,000 rows, CSV ≤ 100,000); the export is itself recorded (DataExported)',
  })
  @ApiProduces(MEDIA_TYPES.xlsx, MEDIA_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async export(
    @CurrentActor() actor: Actor,
    @Client() client: ClientCommand,
    @Body() body: AuditExportDto,
    @Req() request: FastifyRequest,
  ): Promise<StreamableFile> {
    const search = searchOf(body);
    const format = body.format ?? 'xlsx';
    const language = body.language ?? 'zh-CN';
    await this.freshness.caughtUp(PROJECTIONS);
    const limit = EXPORT_LIMITS[format];
    const { items, total } = await this.queries.execute(new AuditEntriesForExport(actor, search, limit));
    if (total > limit) {
      const hint =
        format === 'xlsx' ? `; export as CSV (up to ${EXPORT_LIMITS.csv}) or narrow the search` : '; narrow the search (time range, type)';
      throw new UnprocessableEntityException(
        fieldError('format', 'too-many-rows', `${total} entries match, more than ${limit} fit in ${format.toUpperCase()}${hint}`),
      );
    }
    const now = this.clock.now();
    // Recorded before the file leaves; a retry with the same Idempotency-Key records it once.
    await this.log.record(
      {
        type: 'DataExported',
        data: {
          ...originOf(request, now),
          resource: 'audit-entries',
          format,
          rows: items.length,
          filters: recordedFilters({ ...search, language }),
        },
      },
      await securityActorOf(request, this.store),
      { eventId: digestUuid(client.idOf('audit-export'), 'DataExported'), correlationId: String(request.id ?? '') },
    );
    const file = auditSheet.writeSheet(
      items.map((e) => ({
        at: e.at,
        type: e.type,
        result: RESULT_LABELS[e.result][language],
        actor: e.actor ?? '',
        enterpriseId: e.enterpriseId ?? '',
        nodeId: e.nodeId ?? '',
        ip: e.ip ?? '',
        stream: e.stream,
        summary: e.summary ?? '',
        position: String(e.position),
        id: e.id,
      })),
      format,
      language,
    );
    const day = now.toISOString().slice(0, 10);
    return new StreamableFile(file, {
      type: MEDIA_TYPES[format],
      disposition: attachment(`${language === 'zh-CN' ? '审计日志' : 'audit-log'}-${day}.${format}`, `audit-log-${day}.${format}`),
      length: file.length,
    });
  }
}
