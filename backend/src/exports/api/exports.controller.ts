import { BadRequestException, Body, ConflictException, Controller, GoneException, Get, Inject, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiGoneResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { parsePermission } from '@kuaige/tenancy';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { streamSse } from '../../http/sse';
import { Authenticated } from '../../identity/api/guards';
import { CurrentCaller } from '../../identity/api/caller';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { ActorDirectory, NotFoundInScope, PermissionMissing } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { ExportSources } from '../export-source';
import { ExportJobs } from '../application/export-jobs';
import { ExportLive } from '../application/export-live';
import { PDF_MAX_ROWS } from '../application/export-files';
import { RequestExport } from '../application/export.commands';
import { EXPORTS_COLLECTION, exportView, type ExportRow } from '../read-models/exports.projection';
import { ExportListQueryDto, StartExportDto } from './exports.dto';

const VIEW = '{ id, kind, format, locale, title, status (running | completed | failed | expired), rows, expectedRows, percent, size, sha256, fileName, reason, requestedAt, completedAt, expiresAt }';
const PROJECTIONS = [EXPORTS_COLLECTION];

const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * Exports as jobs: start one, follow its progress, download its file while it is kept. Who may start
 * an export is the source's permission, checked here since it depends on `kind`; an export is its
 * requester's alone, anyone else's answers 404.
 */
@ApiTags('exports')
@Controller('api/v1/exports')
export class ExportsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly sources: ExportSources,
    private readonly jobs: ExportJobs,
    private readonly live: ExportLive,
    private readonly actors: ActorDirectory,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  private async own(caller: Caller, id: string): Promise<ExportRow> {
    await this.freshness.caughtUp(PROJECTIONS);
    const [row] = await this.store.collection<ExportRow>(EXPORTS_COLLECTION).find({ $and: [{ _id: id }, { requesterId: caller.userId }, visibleRows] }, { limit: 1 });
    if (!row) throw new NotFoundInScope('Report');
    return row;
  }

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Start an export (kind, format xlsx | csv | pdf, params, locale) as a job; the Idempotency-Key makes a retry the same export' })
  @ApiCreatedResponse({ description: VIEW })
  async start(@CurrentCaller() caller: Caller, @Body() dto: StartExportDto, @Client() client: ClientCommand) {
    const source = this.sources.get(dto.kind);
    if (!source) {
      const message = `kind must be one of ${this.sources.kinds().join(', ')}`;
      throw new BadRequestException({ message, errors: [{ field: 'kind', rule: 'isIn', message }] });
    }
    const actor = await this.actors.actorOf(caller);
    const { action, subject } = parsePermission(source.permission);
    if (!actor.ability.can(action, subject)) throw new PermissionMissing(source.permission);
    const params = source.parse(dto.params ?? {});
    const locale = dto.locale ?? 'zh-CN';
    const expectedRows = await source.count(params, actor);
    if (dto.format === 'pdf' && expectedRows !== null && expectedRows > PDF_MAX_ROWS) {
      const message = `a PDF export holds at most ${PDF_MAX_ROWS} rows and this one has ${expectedRows}: narrow the filters or export XLSX or CSV`;
      throw new BadRequestException({ message, errors: [{ field: 'format', rule: 'pdfMaxRows', message }] });
    }
    const now = this.clock.now();
    const exportId = client.idOf('export');
    await this.commands.execute(
      new RequestExport(
        {
          exportId,
          kind: source.kind,
          format: dto.format,
          params: dto.params ?? {},
          locale,
          title: source.title(params, locale),
          requester: { userId: caller.userId, context: caller.context },
          expectedRows,
          at: now.toISOString(),
        },
        actingContext(client, 'export', actor, now),
      ),
    );
    await this.jobs.queue(exportId);
    return exportView(await this.own(caller, exportId));
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My exports, newest first, paged' })
  @ApiOkResponse({ description: `{ items: [${VIEW}], total, page, pageSize }` })
  async list(@CurrentCaller() caller: Caller, @Query() query: ExportListQueryDto) {
    await this.freshness.caughtUp(PROJECTIONS);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows = this.store.collection<ExportRow>(EXPORTS_COLLECTION);
    const filter = { $and: [{ requesterId: caller.userId }, visibleRows] };
    const [items, total] = await Promise.all([rows.find(filter, { sort: { requestedAt: -1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }), rows.count(filter)]);
    return { items: items.map(exportView), total, page, pageSize };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One of my exports' })
  @ApiOkResponse({ description: VIEW })
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    return exportView(await this.own(caller, id));
  }

  @Get(':id/events')
  @Authenticated()
  @ApiOperation({ summary: 'The export’s progress as text/event-stream: `progress`, `completed`, `failed`, `expired`; ids are the export’s event revisions, so Last-Event-ID resumes' })
  @ApiProduces('text/event-stream')
  async events(@CurrentCaller() caller: Caller, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.own(caller, id);
    streamSse(request, reply, this.live.sourceOf(id));
  }

  @Get(':id/file')
  @Authenticated()
  @ApiOperation({ summary: 'Download the export’s file (its name in UTF-8); 410 once its time is up' })
  @ApiOkResponse({ description: 'The file, as an attachment' })
  @ApiGoneResponse({ description: 'the file was kept for its set time and is deleted (errors[0].rule = "expired")' })
  async file(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    const row = await this.own(caller, id);
    const gone = row.status === 'expired' || (row.expiresAt !== null && row.expiresAt <= this.clock.now().toISOString());
    if (gone) throw new GoneException({ statusCode: 410, message: 'the export’s file is no longer kept; start the export again', errors: [{ field: 'id', rule: 'expired', message: `kept until ${row.expiresAt}` }] });
    if (row.status !== 'completed' || row.fileName === null || row.mediaType === null || row.size === null) {
      const message = row.status === 'failed' ? `the export failed: ${row.reason}` : 'the export is still being written';
      throw new ConflictException({ statusCode: 409, message, errors: [{ field: 'id', rule: row.status === 'failed' ? 'export-failed' : 'export-completed', message }] });
    }
    const ascii = row.fileName.replace(/[^\x20-\x7e]|"/g, '_');
    return new StreamableFile(createReadStream(this.jobs.pathOf(row._id, row.format)), { type: row.mediaType, length: row.size, disposition: attachment(row.fileName, ascii) });
  }
}
