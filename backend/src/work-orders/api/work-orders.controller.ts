import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CommandBus, QueryBus, type Command } from '@nestjs/cqrs';
import { workOrderStream, type FaultType, type Party, type Priority } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import {
  AcceptAssignment,
  AcceptDispatch,
  AddProcessingRecord,
  ApproveReceipt,
  AssignEngineer,
  CancelWorkOrder,
  ChangePriority,
  CompleteWork,
  DeclineAssignment,
  DispatchWorkOrder,
  EditProcessingRecord,
  EvaluateWorkOrder,
  JudgeWarranty,
  PauseWork,
  RejectReceipt,
  RejectRequest,
  ReopenWorkOrder,
  ReportProgress,
  ReportReceipt,
  ResumeWork,
  ReturnDispatch,
  ReviewRequest,
  StartWork,
  SubmitMaintenanceRequest,
  SubmitReceipt,
  type WorkOrderOutcome,
} from '../application/work-order.commands';
import { partyOf } from '../application/acting-party';
import { GetWorkOrder, ListWorkOrders } from '../read-models/work-order.queries';
import { WORK_ORDERS_COLLECTION } from '../read-models/work-orders.projections';
import { InventoryErrorFilter } from '../../inventory/api/inventory-error.filter';
import { WorkOrderErrorFilter } from './work-order-error.filter';
import {
  AssignEngineerDto,
  CompleteDto,
  DispatchWorkOrderDto,
  EvaluationDto,
  NoteDto,
  OpinionDto,
  PauseDto,
  PriorityDto,
  ProcessingRecordDto,
  ProgressDto,
  WorkOrderReasonDto,
  ReceiptDto,
  ReviewWorkOrderDto,
  SubmitWorkOrderDto,
  WarrantyJudgementDto,
  WorkOrderListQueryDto,
  type AttachmentDto,
} from './work-orders.dto';
import { RecordsAccess } from '../../audit/trail/recording/recorded-access';

const PROJECTIONS = ['work_orders', 'work_order_attachments'];
/** The projection a step's scope check reads; its rows derive from the order's own stream alone. */
const ROW = ['work_orders'];


const files = (list: readonly AttachmentDto[] | undefined) => (list ?? []).map((a) => ({ blobId: a.blobId, mediaType: a.mediaType, size: a.size }));
const recordOf = (recordId: string, dto: ProcessingRecordDto) => ({
  recordId,
  steps: dto.steps,
  parts: (dto.parts ?? []).map((p) => ({
    name: p.name ?? '',
    quantity: p.quantity,
    unit: p.unit ?? '',
    ...(p.partId !== undefined && p.warehouseId !== undefined ? { partId: p.partId, warehouseId: p.warehouseId } : {}),
  })),
  tools: dto.tools ?? [],
  cause: dto.cause ?? '',
  result: dto.result ?? '',
  attachments: files(dto.attachments),
});

type Make = (by: Party, at: string, context: CommandContext) => Command<WorkOrderOutcome>;

const STEP_DOC = { description: 'the order as its detail shows it (or `{ id, status }` when the step put it out of my scope)' };

/** /api/v1/work-orders: the maintenance request and every step of its work order (WO-1…WO-11, WO-14). */
@ApiTags('work-orders')
@Controller('api/v1/work-orders')
@UseFilters(WorkOrderErrorFilter, InventoryErrorFilter)
@ApiConflictResponse({ description: 'the order’s status does not allow the step (errors[0].rule = "illegal-transition"), or a rule about what it holds now' })
@ApiUnprocessableEntityResponse({ description: 'a business rule refused the input: errors[0] names field and rule' })
export class WorkOrdersController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Permit('work-order:create')
  @ApiOperation({ summary: 'Raise a maintenance request for a device my enterprise owns or made; reviewed automatically when the rules allow' })
  @ApiCreatedResponse({ description: 'the new order (status submitted, or awaiting-dispatch when reviewed automatically)' })
  async submit(@CurrentActor() actor: Actor, @Body() dto: SubmitWorkOrderDto, @Client() client: ClientCommand) {
    const workOrderId = client.idOf('work-order');
    const now = this.clock.now();
    await this.commands.execute(
      new SubmitMaintenanceRequest(
        workOrderId,
        {
          deviceId: dto.deviceId,
          fault: { type: dto.fault.type as FaultType, description: dto.fault.description, attachments: files(dto.fault.attachments) },
          priority: (dto.priority ?? 'normal') as Priority,
          channel: dto.channel ?? 'console',
          contact: { name: dto.contact.name, phone: dto.contact.phone },
        },
        partyOf(actor),
        now.toISOString(),
        actingContext(client, 'submit', actor, now),
      ),
    );
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetWorkOrder(actor, workOrderId));
  }

  @Get()
  @Permit('work-order:read')
  @ApiOperation({ summary: 'Work orders in my scope, filtered, sorted and paged; queues: mine (engineer), provider, dispatch (operator)' })
  @ApiOkResponse({ description: '{ items: [list rows], total, page, pageSize, parties (with a party filter: the names of those parties, when an order in my scope holds them) }' })
  async list(@CurrentActor() actor: Actor, @Query() query: WorkOrderListQueryDto) {
    await this.freshness.caughtUp(PROJECTIONS);
    const { page, pageSize, ...filters } = query;
    return this.queries.execute(new ListWorkOrders(actor, { ...filters, page: page ?? 1, pageSize: pageSize ?? 20 }));
  }

  @Get(':id')
  @Permit('work-order:read')
  @RecordsAccess({ kind: 'sensitive-read', resource: 'work-order', permission: 'work-order:read-sensitive' })
  @ApiOperation({ summary: 'One work order: its row, its whole state and its timeline; the contact phone masked without work-order:read-sensitive' })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.freshness.caughtUp(PROJECTIONS);
    return this.queries.execute(new GetWorkOrder(actor, id));
  }

  @Post(':id/review')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:dispatch')
  @ApiOperation({ summary: 'Review a submitted request by hand (the operator of the device’s jurisdiction): approve, or reject with an opinion' })
  @ApiOkResponse(STEP_DOC)
  review(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReviewWorkOrderDto, @Client() client: ClientCommand) {
    const opinion = dto.opinion ?? '';
    return this.step(actor, id, 'dispatch', client, 'review', (by, at, c) =>
      dto.decision === 'approve' ? new ReviewRequest(id, { opinion }, by, at, c) : new RejectRequest(id, { opinion }, by, at, c),
    );
  }

  @Post(':id/dispatch')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:dispatch')
  @ApiOperation({ summary: 'Dispatch to a service provider (the operator of the device’s jurisdiction); another than the suggested one needs a reason' })
  @ApiOkResponse(STEP_DOC)
  dispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: DispatchWorkOrderDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'dispatch', client, 'dispatch', (by, at, c) =>
      new DispatchWorkOrder(
        id,
        {
          providerId: dto.providerId,
          priority: (dto.priority ?? null) as Priority | null,
          suggestion: dto.suggestion ? { rank: dto.suggestion.rank, suggestedProviderId: dto.suggestion.suggestedProviderId } : null,
          override: dto.override ? { reason: dto.override.reason } : null,
        },
        by,
        at,
        c,
      ),
    );
  }

  @Post(':id/return')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:assign')
  @ApiOperation({ summary: 'Return a dispatched order to the operator with a reason (the provider)' })
  @ApiOkResponse(STEP_DOC)
  returnDispatch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WorkOrderReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'assign', client, 'return', (by, at, c) => new ReturnDispatch(id, { reason: dto.reason }, by, at, c));
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:assign')
  @ApiOperation({ summary: 'Accept a dispatched order (the provider)' })
  @ApiOkResponse(STEP_DOC)
  accept(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'assign', client, 'accept', (by, at, c) => new AcceptDispatch(id, {}, by, at, c));
  }

  @Post(':id/assign')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:assign')
  @ApiOperation({ summary: 'Assign one of my engineers (the provider); again before they accepted to reassign' })
  @ApiOkResponse(STEP_DOC)
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: AssignEngineerDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'assign', client, 'assign', (by, at, c) => new AssignEngineer(id, { engineerId: dto.engineerId }, by, at, c));
  }

  @Post(':id/engineer-accept')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Accept the task (its engineer)' })
  @ApiOkResponse(STEP_DOC)
  engineerAccept(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'engineer-accept', (by, at, c) => new AcceptAssignment(id, {}, by, at, c));
  }

  @Post(':id/engineer-decline')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Decline the task with a reason (its engineer): back to the provider' })
  @ApiOkResponse(STEP_DOC)
  engineerDecline(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WorkOrderReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'engineer-decline', (by, at, c) => new DeclineAssignment(id, { reason: dto.reason }, by, at, c));
  }

  @Post(':id/start')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Start the work on site (its engineer)' })
  @ApiOkResponse(STEP_DOC)
  start(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'start', (by, at, c) => new StartWork(id, {}, by, at, c));
  }

  @Post(':id/progress')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Report progress, with photos (its engineer)' })
  @ApiOkResponse(STEP_DOC)
  progress(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ProgressDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'progress', (by, at, c) =>
      new ReportProgress(id, { note: dto.note, percent: dto.percent ?? null, attachments: files(dto.attachments) }, by, at, c),
    );
  }

  @Post(':id/records')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Add a processing record: steps, parts and quantities, tools, cause, result, files (its engineer, until completion)' })
  @ApiOkResponse(STEP_DOC)
  addRecord(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ProcessingRecordDto, @Client() client: ClientCommand) {
    const recordId = client.idOf('record');
    return this.step(actor, id, 'update', client, 'record', (by, at, c) => new AddProcessingRecord(id, { record: recordOf(recordId, dto) }, by, at, c));
  }

  @Put(':id/records/:recordId')
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Edit a processing record (its engineer, until completion)' })
  @ApiOkResponse(STEP_DOC)
  editRecord(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('recordId') recordId: string, @Body() dto: ProcessingRecordDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'record-edit', (by, at, c) => new EditProcessingRecord(id, { record: recordOf(recordId, dto) }, by, at, c));
  }

  @Post(':id/pause')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Pause the work awaiting the customer or parts (its engineer); SLA clocks stop' })
  @ApiOkResponse(STEP_DOC)
  pause(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PauseDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'pause', (by, at, c) => new PauseWork(id, { reason: dto.reason, note: dto.note ?? '' }, by, at, c));
  }

  @Post(':id/resume')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Resume paused work (its engineer)' })
  @ApiOkResponse(STEP_DOC)
  resume(@CurrentActor() actor: Actor, @Param('id') id: string, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'resume', (by, at, c) => new ResumeWork(id, {}, by, at, c));
  }

  @Post(':id/complete')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Complete the work (its engineer; at least one processing record)' })
  @ApiOkResponse(STEP_DOC)
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CompleteDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'complete', (by, at, c) => new CompleteWork(id, { summary: dto.summary ?? '' }, by, at, c));
  }

  @Post(':id/receipt')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:update')
  @ApiOperation({ summary: 'Submit the receipt of completed work (its engineer)' })
  @ApiOkResponse(STEP_DOC)
  receipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReceiptDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'update', client, 'receipt', (by, at, c) => new SubmitReceipt(id, { summary: dto.summary, attachments: files(dto.attachments) }, by, at, c));
  }

  @Post(':id/receipt/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:review')
  @ApiOperation({ summary: 'Approve the receipt (the provider)' })
  @ApiOkResponse(STEP_DOC)
  approveReceipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: OpinionDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'receipt-approve', (by, at, c) => new ApproveReceipt(id, { opinion: dto.opinion ?? '' }, by, at, c));
  }

  @Post(':id/receipt/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:review')
  @ApiOperation({ summary: 'Send the receipt back with a reason (the provider): the engineer reworks' })
  @ApiOkResponse(STEP_DOC)
  rejectReceipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WorkOrderReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'receipt-reject', (by, at, c) => new RejectReceipt(id, { reason: dto.reason }, by, at, c));
  }

  @Post(':id/receipt/report')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:review')
  @ApiOperation({ summary: 'Report the approved work to the equipment user and the manufacturer for evaluation (the provider)' })
  @ApiOkResponse(STEP_DOC)
  reportReceipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: NoteDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'review', client, 'receipt-report', (by, at, c) => new ReportReceipt(id, { note: dto.note ?? '' }, by, at, c));
  }

  @Post(':id/evaluations')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:close')
  @ApiOperation({ summary: 'Evaluate the work (the equipment user, the manufacturer); closes once both have' })
  @ApiOkResponse(STEP_DOC)
  evaluate(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: EvaluationDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'close', client, 'evaluate', (by, at, c) => new EvaluateWorkOrder(id, { score: dto.score, opinion: dto.opinion ?? '', ...(dto.quality === undefined ? {} : { quality: dto.quality }), ...(dto.efficiency === undefined ? {} : { efficiency: dto.efficiency }) }, by, at, c));
  }

  @Post(':id/warranty-judgement')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:close')
  @ApiOperation({ summary: 'Judge whether the repair falls under the warranty (the manufacturer, once)' })
  @ApiOkResponse(STEP_DOC)
  judgeWarranty(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WarrantyJudgementDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'close', client, 'warranty', (by, at, c) => new JudgeWarranty(id, { judgement: dto.judgement, opinion: dto.opinion ?? '' }, by, at, c));
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:close')
  @ApiOperation({ summary: 'Cancel with a reason before work started (the requester or the operator)' })
  @ApiOkResponse(STEP_DOC)
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WorkOrderReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'close', client, 'cancel', (by, at, c) => new CancelWorkOrder(id, { reason: dto.reason }, by, at, c));
  }

  @Post(':id/reopen')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:close')
  @ApiOperation({ summary: 'Reopen a closed order within the repair warranty (the requester): back to its provider' })
  @ApiOkResponse(STEP_DOC)
  reopen(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WorkOrderReasonDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'close', client, 'reopen', (by, at, c) => new ReopenWorkOrder(id, { reason: dto.reason }, by, at, c));
  }

  @Post(':id/priority')
  @HttpCode(HttpStatus.OK)
  @Permit('work-order:dispatch')
  @ApiOperation({ summary: 'Change the priority of a live order (the operator of the device’s jurisdiction)' })
  @ApiOkResponse(STEP_DOC)
  priority(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: PriorityDto, @Client() client: ClientCommand) {
    return this.step(actor, id, 'dispatch', client, 'priority', (by, at, c) => new ChangePriority(id, { priority: dto.priority as Priority }, by, at, c));
  }

  /**
   * One step: the order must be in the actor's scope (404) and the action theirs (403) before the
   * decider decides whether they are the party for it. Answers the order as it now is.
   */
  private async step(actor: Actor, id: string, action: Action, client: ClientCommand, name: string, make: Make) {
    // The row is current once the projection has passed the order's last event (only that stream
    // feeds it), so the scope check waits for that position, not for every other writer's.
    // Through AggregateStreams: the handler's loads of the same stream then read only its tail.
    const { position } = await this.streams.tail(workOrderStream(id));
    await this.freshness.reached(ROW, position);
    const row = await this.store.collection(WORK_ORDERS_COLLECTION).findOne({ $and: [{ _id: id }, visibleRows] });
    inScope(actor, action, 'WorkOrder', row);
    const now = this.clock.now();
    const outcome: WorkOrderOutcome = await this.commands.execute(make(partyOf(actor), now.toISOString(), actingContext(client, name, actor, now)));
    // Read-your-writes: the answer (and the files a step records) reflect this command's events.
    await this.freshness.reached(PROJECTIONS, outcome.position);
    try {
      return await this.queries.execute(new GetWorkOrder(actor, id));
    } catch (error) {
      // Returning an order, or declining a task, takes it out of the actor's scope.
      if (error instanceof NotFoundInScope) return { id, status: outcome.state.status };
      throw error;
    }
  }
}
