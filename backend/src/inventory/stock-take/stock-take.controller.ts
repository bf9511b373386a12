import { subject } from '@casl/ability';
import { Body, Catch, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InventoryRuleViolation } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { sendErrorBody } from '../../http/error-body.filter';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, NotFoundInScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { StockNoteDto, StockReasonDto } from '../api/inventory.dto';
import { partyOf } from '../api/party';
import { STOCK_MOVEMENTS, WAREHOUSES, type StockMovementRow, type WarehouseRow } from '../read-models/inventory.projections';
import { viewOf } from '../read-models/inventory.queries';
import { ApproveStockTake, CancelStockTake, CountStock, OpenStockTake, SubmitStockTake } from './stock-take.commands';
import { CountStockDto, OpenStockTakeDto, StockTakeDetailQueryDto, StockTakeQueryDto } from './stock-take.dto';
import { STOCK_TAKES, type StockTakeRow } from './stock-take.projection';

const READ_MODELS = ['warehouses', 'stock_levels', 'stock_movements', STOCK_TAKES];
/** Movements read to show what changed while counting; a busier warehouse shows the newest this many. */
const MOVEMENTS_SHOWN = 10_000;

const FORBIDDEN = new Set(['not-your-role', 'four-eyes']);
const CONFLICTS = new Set(['stock-take-state', 'stock-take-exists', 'part-not-in-session', 'lines-uncounted', 'insufficient-stock']);

/** Session refusals with the common error body: four eyes 403, the session's or the stock's state 409, the rest 422. */
@Catch(InventoryRuleViolation)
export class StockTakeErrorFilter implements ExceptionFilter {
  catch(exception: InventoryRuleViolation, host: ArgumentsHost): unknown {
    const statusCode = FORBIDDEN.has(exception.rule) ? HttpStatus.FORBIDDEN : CONFLICTS.has(exception.rule) ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
    const http = host.switchToHttp();
    return sendErrorBody(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), {
      statusCode,
      message: exception.message,
      errors: [{ field: exception.field, rule: exception.rule, message: exception.message }],
    });
  }
}

type Step = 'count' | 'submit' | 'approve' | 'cancel';

/**
 * /api/v1/inventory/stock-takes: count sessions of a warehouse (INV-6). Opening freezes the book; counters
 * (stock-move:stock-take) enter counts and submit; a holder of stock-move:approve who did not count
 * approves, which posts each variance as an adjustment of the part's ledger.
 */
@ApiTags('inventory')
@Controller('api/v1/inventory/stock-takes')
@UseFilters(StockTakeErrorFilter)
export class StockTakeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** A session in my scope that I may `action` (404 outside it, 403 without the right). */
  private async session(actor: Actor, action: Action, id: string): Promise<StockTakeRow> {
    await this.freshness.caughtUp(READ_MODELS);
    const found = await this.store.collection<StockTakeRow>(STOCK_TAKES).findOne({ $and: [visibleRows, { _id: id }] });
    return inScope(actor, action, 'StockMove', found);
  }

  private stepsOf(actor: Actor, s: StockTakeRow): Step[] {
    const may = (action: Action) => actor.ability.can(action, subject('StockMove', { ...s }));
    const steps: Step[] = [];
    const counting = s.status === 'open' || s.status === 'counting';
    if (may('stock-take') && counting) steps.push('count');
    if (may('stock-take') && s.status === 'counting' && s.countedCount === s.lineCount) steps.push('submit');
    if (may('approve') && s.status === 'submitted' && !s.counters.includes(actor.userId)) steps.push('approve');
    if (may('stock-take') && (counting || s.status === 'submitted')) steps.push('cancel');
    return steps;
  }

  /** The session with its variance report: per line what moved while counting and, once approved, what was posted. */
  private async report(actor: Actor, id: string, q: StockTakeDetailQueryDto = {}) {
    const s = await this.session(actor, 'read', id);
    const adjustmentIds = s.adjustments.map((a) => a.adjustmentId);
    const [during, posted] = await Promise.all([
      this.store
        .collection<StockMovementRow>(STOCK_MOVEMENTS)
        .find({ $and: [visibleRows, { warehouseId: s.warehouseId, position: { $gt: s.frozenAtPosition } }] }, { sort: { position: -1 }, limit: MOVEMENTS_SHOWN }),
      adjustmentIds.length === 0 ? Promise.resolve([]) : this.store.collection<StockMovementRow>(STOCK_MOVEMENTS).find({ $and: [visibleRows, { documentId: { $in: adjustmentIds }, type: 'StockAdjusted' }] }),
    ]);
    const moved = new Map<string, number>();
    for (const m of during) if (!adjustmentIds.includes(m.documentId)) moved.set(m.partId, (moved.get(m.partId) ?? 0) + m.onHandDelta);
    const postedBy = new Map(posted.map((m) => [m.partId, m]));
    const refused = new Map(s.refusals.map((r) => [r.partId, r]));
    const needle = q.q?.trim().toUpperCase() ?? '';
    const lines = s.lines
      .filter((l) => needle === '' || l.partCode.startsWith(needle) || l.partName.toUpperCase().includes(needle))
      .filter((l) => (q.lines === 'uncounted' ? l.countedQuantity === null : q.lines === 'variance' ? l.variance !== null && l.variance !== 0 : true))
      .map((l) => {
        const p = postedBy.get(l.partId);
        return {
          ...l,
          movedDuringCount: moved.get(l.partId) ?? 0,
          posting: p ? { adjustmentId: p.documentId, delta: p.onHandDelta, valueFen: p.valueDeltaFen } : null,
          refusal: refused.get(l.partId) ?? null,
        };
      });
    const { lines: _all, ...rest } = viewOf(s);
    return { ...rest, lines, yourSteps: this.stepsOf(actor, s) };
  }

  @Get()
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'Stock-take sessions of my enterprise, newest first (?status&warehouseId)' })
  @ApiOkResponse({ description: '{ items (without lines), total, page, pageSize }' })
  async list(@CurrentActor() actor: Actor, @Query() query: StockTakeQueryDto) {
    await this.freshness.caughtUp(READ_MODELS);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const filter = { $and: [visibleRows, scopedFilter(actor, 'read', 'StockMove', { ...(query.status ? { status: query.status } : {}), ...(query.warehouseId ? { warehouseId: query.warehouseId } : {}) })] };
    const rows = this.store.collection<StockTakeRow>(STOCK_TAKES);
    const [items, total] = await Promise.all([rows.find(filter, { sort: { createdAt: -1, _id: 1 }, skip: (page - 1) * pageSize, limit: pageSize }), rows.count(filter)]);
    return {
      items: items.map((r) => {
        const { lines: _lines, ...summary } = viewOf(r);
        return summary;
      }),
      total,
      page,
      pageSize,
    };
  }

  @Post()
  @Permit('stock-move:stock-take')
  @ApiOperation({ summary: 'Open a count session of a warehouse (optionally one category): its book quantities and costs are frozen now' })
  @ApiCreatedResponse({ description: 'The session (status open) with its lines' })
  async open(@CurrentActor() actor: Actor, @Body() dto: OpenStockTakeDto, @Client() client: ClientCommand) {
    await this.freshness.caughtUp(READ_MODELS);
    const w = await this.store.collection<WarehouseRow>(WAREHOUSES).findOne({ $and: [visibleRows, scopedFilter(actor, 'read', 'Warehouse', { _id: dto.warehouseId })] });
    if (!w) throw new NotFoundInScope('Warehouse', 'warehouseId');
    inScope(actor, 'stock-take', 'StockMove', { scope: w.scope }, 'warehouseId');
    const stockTakeId = client.idOf('stock-take');
    const now = this.clock.now();
    await this.commands.execute(
      new OpenStockTake(stockTakeId, w, { categoryCode: dto.categoryCode ?? null, note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'open', actor, now)),
    );
    return this.report(actor, stockTakeId);
  }

  @Get(':id')
  @Permit('stock-move:read')
  @ApiOperation({ summary: 'A session with its variance report: book at freeze, count, variance in quantity and value (fen), movements during the count' })
  @ApiOkResponse({ description: 'The session; `lines` filtered by ?q (part code prefix or name) and ?lines=uncounted|variance' })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: StockTakeDetailQueryDto) {
    return this.report(actor, id, query);
  }

  @Post(':id/counts')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:stock-take')
  @ApiOperation({ summary: 'Enter counts of parts in the session (409 part-not-in-session for a part whose book was not frozen in it)' })
  @ApiOkResponse({ description: 'The session (status counting)' })
  async count(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CountStockDto, @Client() client: ClientCommand) {
    await this.session(actor, 'stock-take', id);
    const now = this.clock.now();
    await this.commands.execute(
      new CountStock(id, { counts: dto.counts.map((c) => ({ partId: c.partId, countedQuantity: c.countedQuantity })), by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'count', actor, now)),
    );
    return this.report(actor, id);
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:stock-take')
  @ApiOperation({ summary: 'Every line is counted: hand the variance report over for approval' })
  @ApiOkResponse({ description: 'The session (status submitted)' })
  async submit(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    await this.session(actor, 'stock-take', id);
    const now = this.clock.now();
    await this.commands.execute(new SubmitStockTake(id, { by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'submit', actor, now)));
    return this.report(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:approve')
  @ApiOperation({ summary: 'Approve the variances (not by one who counted or submitted: 403 four-eyes); each is posted as a stock adjustment' })
  @ApiOkResponse({ description: 'The session (status approved) with the postings' })
  async approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StockNoteDto, @Client() client: ClientCommand) {
    await this.session(actor, 'approve', id);
    const now = this.clock.now();
    await this.commands.execute(new ApproveStockTake(id, { note: dto.note ?? '', by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'approve', actor, now)));
    return this.report(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Permit('stock-move:stock-take')
  @ApiOperation({ summary: 'Abandon a session before approval, with the reason; nothing is posted' })
  @ApiOkResponse({ description: 'The session (status cancelled)' })
  async cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StockReasonDto, @Client() client: ClientCommand) {
    await this.session(actor, 'stock-take', id);
    const now = this.clock.now();
    await this.commands.execute(new CancelStockTake(id, { reason: dto.reason, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'cancel', actor, now)));
    return this.report(actor, id);
  }
}
