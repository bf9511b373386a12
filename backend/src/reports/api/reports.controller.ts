import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { parseReportDefinition, parseReportRecipients, parseReportSchedule, type ReportActor } from '@kuaige/domain';
import type { ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { partyOf } from '../../work-orders/application/acting-party';
import { CreateReport, DeleteReport, ScheduleReport, ShareReport, UnscheduleReport, UnshareReport, UpdateReport, type ReportOutcome } from '../application/report.commands';
import { GetReport, GetReportResult, GetReportRuns, GetReports, isPartyAdmin, PreviewReport, visibleReport } from '../read-models/report.queries';
import { REPORT_RUNS_COLLECTION, REPORTS_COLLECTION } from '../read-models/reports.projections';
import { ReportErrorFilter } from './report-error.filter';
import { ReportDefinitionDto, ReportListQueryDto, ReportResultQueryDto, ReportScheduleDto } from './reports.dto';

const VIEW = '{ id, name, description, definition, ownerId, ownerName, visibility (private | shared), schedule, recipients, createdAt, updatedAt, mine, editable }';
const TABLE = '{ columns: [{ key, label, kind (dimension | measure), measure?, split? }], rows: [{ key, label, <column key>: value }], totals: { <column key>: value } }';

/** Custom reports: save, share, schedule, run in the runner’s own scope (#15 item 4). README.md here. */
@ApiTags('reports')
@Controller('api/v1/reports')
@UseFilters(ReportErrorFilter)
@ApiBadRequestResponse({ description: 'a bad definition or schedule: errors[0] names field and rule (measures[1] isIn, dimensions maxItems, filters.range.to range, recipients[0] same-party …)' })
export class ReportsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('report:read')
  @ApiOperation({ summary: 'My reports and those shared with me in my enterprise or operator node, newest change first' })
  @ApiOkResponse({ description: `{ items: [${VIEW}], total, page, pageSize }` })
  async list(@CurrentActor() actor: Actor, @Query() query: ReportListQueryDto) {
    await this.freshness.caughtUp([REPORTS_COLLECTION]);
    return this.queries.execute(new GetReports(actor, query));
  }

  @Post('preview')
  @HttpCode(200)
  @Permit('report:read')
  @ApiOperation({ summary: 'The table of an unsaved definition, computed in my own scope (nothing is saved)' })
  @ApiOkResponse({ description: TABLE })
  preview(@CurrentActor() actor: Actor, @Body() dto: ReportDefinitionDto, @Query() query: ReportResultQueryDto) {
    return this.queries.execute(new PreviewReport(actor, parseReportDefinition(dto), query.lang ?? 'zh-CN'));
  }

  @Post()
  @Permit('report:create')
  @ApiOperation({ summary: 'Save a report, private to me until shared' })
  @ApiCreatedResponse({ description: VIEW })
  async create(@CurrentActor() actor: Actor, @Body() dto: ReportDefinitionDto, @Client() client: ClientCommand) {
    const definition = parseReportDefinition(dto);
    const now = this.clock.now();
    const id = client.idOf('report');
    return this.answer(actor, id, await this.commands.execute(new CreateReport(id, definition, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Get(':id')
  @Permit('report:read')
  @ApiOperation({ summary: 'A report I may see' })
  @ApiOkResponse({ description: VIEW })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp([REPORTS_COLLECTION]);
    return this.queries.execute(new GetReport(actor, id));
  }

  @Put(':id')
  @Permit('report:create')
  @ApiOperation({ summary: 'Change a report’s definition (its owner, or an admin of its enterprise or node)' })
  @ApiOkResponse({ description: VIEW })
  async update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReportDefinitionDto, @Client() client: ClientCommand) {
    const definition = parseReportDefinition(dto);
    await this.visible(actor, id);
    const now = this.clock.now();
    return this.answer(actor, id, await this.commands.execute(new UpdateReport(id, definition, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Delete(':id')
  @Permit('report:create')
  @ApiOperation({ summary: 'Delete a report (and its schedule)' })
  @ApiOkResponse({ description: '{ id, deleted: true }' })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    await this.visible(actor, id);
    const now = this.clock.now();
    const outcome: ReportOutcome = await this.commands.execute(new DeleteReport(id, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now)));
    await this.freshness.reached([REPORTS_COLLECTION], outcome.position);
    return { id, deleted: true };
  }

  @Post(':id/share')
  @HttpCode(200)
  @Permit('report:create')
  @ApiOperation({ summary: 'Share a report with my whole enterprise or operator node; each runs it in their own scope' })
  @ApiOkResponse({ description: VIEW })
  async share(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    await this.visible(actor, id);
    const now = this.clock.now();
    return this.answer(actor, id, await this.commands.execute(new ShareReport(id, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Post(':id/unshare')
  @HttpCode(200)
  @Permit('report:create')
  @ApiOperation({ summary: 'Make a report private to its owner again' })
  @ApiOkResponse({ description: VIEW })
  async unshare(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    await this.visible(actor, id);
    const now = this.clock.now();
    return this.answer(actor, id, await this.commands.execute(new UnshareReport(id, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Put(':id/schedule')
  @Permit('report:create')
  @ApiOperation({ summary: 'Run a report daily, weekly or monthly (Asia/Shanghai) for me and recipients of my enterprise or node' })
  @ApiOkResponse({ description: VIEW })
  async schedule(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReportScheduleDto, @Client() client: ClientCommand) {
    const schedule = parseReportSchedule(dto.schedule);
    const recipients = parseReportRecipients(dto.recipients);
    await this.visible(actor, id);
    const now = this.clock.now();
    return this.answer(actor, id, await this.commands.execute(new ScheduleReport(id, schedule, recipients, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Delete(':id/schedule')
  @Permit('report:create')
  @ApiOperation({ summary: 'Stop a report’s schedule' })
  @ApiOkResponse({ description: VIEW })
  async unschedule(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    await this.visible(actor, id);
    const now = this.clock.now();
    return this.answer(actor, id, await this.commands.execute(new UnscheduleReport(id, this.by(actor), now.toISOString(), actingContext(client, 'report', actor, now))));
  }

  @Get(':id/result')
  @Permit('report:read')
  @ApiOperation({ summary: 'Run a report now, in my own scope (a shared report never shows me more than I may read)' })
  @ApiOkResponse({ description: TABLE })
  async result(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ReportResultQueryDto) {
    await this.freshness.caughtUp([REPORTS_COLLECTION]);
    return this.queries.execute(new GetReportResult(actor, id, query.lang ?? 'zh-CN'));
  }

  @Get(':id/runs')
  @Permit('report:read')
  @ApiOperation({ summary: 'The scheduled runs of a report made for me, newest due time first' })
  @ApiOkResponse({ description: `{ items: [{ id, reportId, reportName, dueAt, ranAt, forUserId, table: ${TABLE} }], total, page, pageSize }` })
  async runs(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ReportListQueryDto) {
    await this.freshness.caughtUp([REPORTS_COLLECTION, REPORT_RUNS_COLLECTION]);
    return this.queries.execute(new GetReportRuns(actor, id, query));
  }

  private by(actor: Actor): ReportActor {
    return { party: partyOf(actor), admin: isPartyAdmin(actor) };
  }

  private async visible(actor: Actor, id: string): Promise<void> {
    await this.freshness.caughtUp([REPORTS_COLLECTION]);
    await visibleReport(this.store, actor, id);
  }

  private async answer(actor: Actor, id: string, outcome: ReportOutcome) {
    await this.freshness.reached([REPORTS_COLLECTION], outcome.position);
    return this.queries.execute(new GetReport(actor, id));
  }
}
