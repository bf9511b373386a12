import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  enterpriseStream,
  membership,
  membershipStream,
  workOrder,
  workOrderNumber,
  workOrderNumberClaim,
  workOrderNumberStream,
  WorkOrderNumberTaken,
  WorkOrderRuleViolation,
  workOrderStream,
  type Party,
  type WorkOrder,
  type WorkOrderAttachment,
  type WorkOrderCommand,
  type WorkOrderEvent,
  type WorkOrderState,
} from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { BlobReferences } from '../../blobs/blob-references';
import { PersonalData } from '../../identity/personal-data';
import { loadDeviceSnapshot } from '../../devices/application/device-facts';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { enterprises } from '../../tenancy/application/enterprise.commands';
import { scopedTo, stepOf } from '../../tenancy/application/event-scope';
import { WorkOrderParts } from '../../inventory/application/work-order-parts';
import { OPEN_STATUSES, tenantsOf, WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../read-models/work-orders.projections';

// ---- The work order's commands on the CommandBus: one message and one thin handler each ------------
// Handlers read what a rule needs beyond the order's stream (the device, the provider, the engineer's
// membership, the device's other open orders, the uploaded files) and pass it in; the decider decides.
// Every event is filed under the order's scope: its enterprises and the device's jurisdiction.

export type WorkOrderOutcome = CommandResult<WorkOrderEvent, WorkOrderState>;
type DataOf<T extends WorkOrderCommand['type']> = Extract<WorkOrderCommand, { type: T }>['data'];
/** What the caller says; `by` and `at` travel beside it, facts are the handler's. */
type Said<T extends WorkOrderCommand['type'], Facts extends string = never> = Omit<DataOf<T>, 'by' | 'at' | Facts>;

/** The record a request's contact is bound to: name and phone under the contact's own key (PersonalData.encryptContact). */
export const CONTACT_PHONE_FIELD = { entity: 'work-order', field: 'contact_phone' } as const;

abstract class WorkOrderMessage<T extends WorkOrderCommand['type'], D = Said<T>> extends Command<WorkOrderOutcome> {
  abstract readonly type: T;
  constructor(
    readonly workOrderId: string,
    readonly data: D,
    readonly by: Party,
    readonly at: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Raise a maintenance request for a device (console, QR code, or H2's public QR form with
 * `by: {kind:'system', reason:'public-qr'}`). `contact.phone` is the plain number: the handler encrypts it.
 */
export class SubmitMaintenanceRequest extends WorkOrderMessage<
  'SubmitMaintenanceRequest',
  Omit<Said<'SubmitMaintenanceRequest', 'workOrderId' | 'number' | 'device' | 'openOrdersOnDevice'>, 'contact'> & {
    deviceId: string;
    contact: { name: string; phone: string };
  }
> {
  readonly type = 'SubmitMaintenanceRequest';
}
export class ReviewRequest extends WorkOrderMessage<'ReviewRequest'> {
  readonly type = 'ReviewRequest';
}
export class RejectRequest extends WorkOrderMessage<'RejectRequest'> {
  readonly type = 'RejectRequest';
}
export class DispatchWorkOrder extends WorkOrderMessage<'DispatchWorkOrder', Said<'DispatchWorkOrder', 'provider'>> {
  readonly type = 'DispatchWorkOrder';
}
export class ReturnDispatch extends WorkOrderMessage<'ReturnDispatch'> {
  readonly type = 'ReturnDispatch';
}
export class AcceptDispatch extends WorkOrderMessage<'AcceptDispatch'> {
  readonly type = 'AcceptDispatch';
}
export class AssignEngineer extends WorkOrderMessage<'AssignEngineer', Said<'AssignEngineer', 'engineerIsMember'>> {
  readonly type = 'AssignEngineer';
}
export class AcceptAssignment extends WorkOrderMessage<'AcceptAssignment'> {
  readonly type = 'AcceptAssignment';
}
export class DeclineAssignment extends WorkOrderMessage<'DeclineAssignment'> {
  readonly type = 'DeclineAssignment';
}
export class StartWork extends WorkOrderMessage<'StartWork'> {
  readonly type = 'StartWork';
}
export class ReportProgress extends WorkOrderMessage<'ReportProgress'> {
  readonly type = 'ReportProgress';
}
export class AddProcessingRecord extends WorkOrderMessage<'AddProcessingRecord'> {
  readonly type = 'AddProcessingRecord';
}
export class EditProcessingRecord extends WorkOrderMessage<'EditProcessingRecord'> {
  readonly type = 'EditProcessingRecord';
}
export class PauseWork extends WorkOrderMessage<'PauseWork'> {
  readonly type = 'PauseWork';
}
export class ResumeWork extends WorkOrderMessage<'ResumeWork'> {
  readonly type = 'ResumeWork';
}
export class CompleteWork extends WorkOrderMessage<'CompleteWork'> {
  readonly type = 'CompleteWork';
}
export class SubmitReceipt extends WorkOrderMessage<'SubmitReceipt'> {
  readonly type = 'SubmitReceipt';
}
export class ApproveReceipt extends WorkOrderMessage<'ApproveReceipt'> {
  readonly type = 'ApproveReceipt';
}
export class RejectReceipt extends WorkOrderMessage<'RejectReceipt'> {
  readonly type = 'RejectReceipt';
}
export class ReportReceipt extends WorkOrderMessage<'ReportReceipt'> {
  readonly type = 'ReportReceipt';
}
export class EvaluateWorkOrder extends WorkOrderMessage<'EvaluateWorkOrder'> {
  readonly type = 'EvaluateWorkOrder';
}
export class CancelWorkOrder extends WorkOrderMessage<'CancelWorkOrder'> {
  readonly type = 'CancelWorkOrder';
}
export class ReopenWorkOrder extends WorkOrderMessage<'ReopenWorkOrder'> {
  readonly type = 'ReopenWorkOrder';
}
export class JudgeWarranty extends WorkOrderMessage<'JudgeWarranty'> {
  readonly type = 'JudgeWarranty';
}
export class ChangePriority extends WorkOrderMessage<'ChangePriority'> {
  readonly type = 'ChangePriority';
}

type AnyMessage = WorkOrderMessage<WorkOrderCommand['type'], object>;

/** Refuses files the acting user did not upload, or that are not what the reference says. */
const checkUploaded = async (blobs: BlobReferences, files: readonly WorkOrderAttachment[], uploaderId: string, field: string): Promise<void> => {
  for (const [i, file] of files.entries()) {
    const problem = await blobs.problemWith(file, uploaderId);
    if (problem) throw new WorkOrderRuleViolation(problem.rule, `${field}[${i}].${problem.part}`, problem.message);
  }
};

const scopeOf = (context: CommandContext, order: Pick<WorkOrder, 'requesterId' | 'manufacturerId' | 'providerId' | 'device'>): CommandContext =>
  scopedTo(context, tenantsOf({ ...order, ownerId: order.device.ownerId }), order.device.jurisdiction);

/**
 * A step on an existing order: load it (404 when there is none), add the facts the step needs, decide
 * and append under the order's scope. The provider a dispatch names joins the scope of its events.
 */
@Injectable()
abstract class OnWorkOrder<M extends AnyMessage> {
  constructor(
    protected readonly streams: AggregateStreams,
    protected readonly blobs: BlobReferences,
  ) {}

  /** Data the decider needs that the caller does not assert. */
  protected facts(_m: M, _order: WorkOrder): Promise<object> {
    return Promise.resolve({});
  }

  async execute(m: M): Promise<WorkOrderOutcome> {
    const stream = workOrderStream(m.workOrderId);
    const { state } = await this.streams.load(stream, workOrder);
    if (state.status === 'none') throw new NotFoundInScope('WorkOrder');
    const facts = await this.facts(m, state);
    const command = { type: m.type, data: { ...m.data, ...facts, by: m.by, at: m.at } } as WorkOrderCommand;
    const providerId = command.type === 'DispatchWorkOrder' ? command.data.providerId : state.providerId;
    return this.streams.handle(stream, command, workOrder, scopeOf(m.context, { ...state, providerId }));
  }
}

/** Files the acting user attaches to a step must be theirs. */
@Injectable()
abstract class WithFiles<M extends AnyMessage> extends OnWorkOrder<M> {
  protected abstract filesOf(m: M): { files: readonly WorkOrderAttachment[]; field: string };
  protected override async facts(m: M): Promise<object> {
    const { files, field } = this.filesOf(m);
    await checkUploaded(this.blobs, files, m.context.actor.userId, field);
    return {};
  }
}

@CommandHandler(SubmitMaintenanceRequest)
export class SubmitMaintenanceRequestHandler implements ICommandHandler<SubmitMaintenanceRequest, WorkOrderOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
    private readonly personal: PersonalData,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  async execute(m: SubmitMaintenanceRequest): Promise<WorkOrderOutcome> {
    const { deviceId, contact, ...said } = m.data;
    const device = await loadDeviceSnapshot(this.streams, deviceId);
    // A device the requesting enterprise neither owns nor made is one it cannot see.
    if (device === null || (m.by.kind === 'enterprise' && m.by.enterpriseId !== device.ownerId && m.by.enterpriseId !== device.manufacturerId))
      throw new NotFoundInScope('Device', 'deviceId');
    const stream = workOrderStream(m.workOrderId);
    const { state } = await this.streams.load(stream, workOrder);
    const open = await this.store
      .collection<WorkOrderRow>(WORK_ORDERS_COLLECTION)
      .find({ $and: [{ deviceId, status: { $in: [...OPEN_STATUSES] } }, { _id: { $ne: m.workOrderId } }, visibleRows] }, { limit: 5 });
    const requesterId = m.by.kind === 'enterprise' ? m.by.enterpriseId : device.ownerId;
    // The contact is the requester's: its data subject is per requesting enterprise (ADR 0017 addendum).
    const encrypted = this.personal.encryptContact(requesterId ?? 'unowned', CONTACT_PHONE_FIELD.entity, m.workOrderId, contact);
    const commandOf = (number: string): WorkOrderCommand => ({
      type: 'SubmitMaintenanceRequest',
      data: { ...said, workOrderId: m.workOrderId, number, device, contact: encrypted, openOrdersOnDevice: open.map((o) => o.number), by: m.by, at: m.at },
    });
    const context = scopeOf(m.context, { requesterId: requesterId ?? '', manufacturerId: device.manufacturerId, providerId: null, device });
    if (state.status !== 'none') return this.streams.handle(stream, commandOf(state.number), workOrder, context);
    // Decided before anything is claimed, so a refused request claims no number.
    workOrder.decide(commandOf('WO-00000000-000000'), state);
    await checkUploaded(this.blobs, said.fault.attachments, m.context.actor.userId, 'fault.attachments');
    const number = await this.claimNumber(m, context);
    return this.streams.handle(stream, commandOf(number), workOrder, context);
  }

  /** The first free number of the order's derived sequence; a retry finds its own claim again. */
  private async claimNumber(m: SubmitMaintenanceRequest, context: CommandContext): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const number = workOrderNumber(m.workOrderId, m.at, attempt);
      try {
        await this.streams.handle(
          workOrderNumberStream(number),
          { type: 'ClaimWorkOrderNumber', data: { number, workOrderId: m.workOrderId, at: m.at } },
          workOrderNumberClaim,
          stepOf(context, `number-${attempt}`),
        );
        return number;
      } catch (error) {
        if (!(error instanceof WorkOrderNumberTaken) || attempt >= 20) throw error;
      }
    }
  }
}

@CommandHandler(ReviewRequest)
export class ReviewRequestHandler extends OnWorkOrder<ReviewRequest> {}
@CommandHandler(RejectRequest)
export class RejectRequestHandler extends OnWorkOrder<RejectRequest> {}

@CommandHandler(DispatchWorkOrder)
export class DispatchWorkOrderHandler extends OnWorkOrder<DispatchWorkOrder> {
  protected override async facts(m: DispatchWorkOrder): Promise<object> {
    const { state } = await this.streams.load(enterpriseStream(m.data.providerId), enterprises);
    return { provider: state.status === 'unregistered' ? null : { type: state.type, status: state.status } };
  }
}
@CommandHandler(ReturnDispatch)
export class ReturnDispatchHandler extends OnWorkOrder<ReturnDispatch> {}
@CommandHandler(AcceptDispatch)
export class AcceptDispatchHandler extends OnWorkOrder<AcceptDispatch> {}

@CommandHandler(AssignEngineer)
export class AssignEngineerHandler extends OnWorkOrder<AssignEngineer> {
  protected override async facts(m: AssignEngineer, order: WorkOrder): Promise<object> {
    if (order.providerId === null) return { engineerIsMember: false };
    const { state } = await this.streams.load(membershipStream(order.providerId, m.data.engineerId), membership);
    return { engineerIsMember: state.status === 'active' };
  }
}
@CommandHandler(AcceptAssignment)
export class AcceptAssignmentHandler extends OnWorkOrder<AcceptAssignment> {}
@CommandHandler(DeclineAssignment)
export class DeclineAssignmentHandler extends OnWorkOrder<DeclineAssignment> {}
@CommandHandler(StartWork)
export class StartWorkHandler extends OnWorkOrder<StartWork> {}

@CommandHandler(ReportProgress)
export class ReportProgressHandler extends WithFiles<ReportProgress> {
  protected filesOf(m: ReportProgress) {
    return { files: m.data.attachments, field: 'attachments' };
  }
}
/**
 * A processing record, with the stock its parts take (INV-7): the order's decider checks the record
 * without writing, WorkOrderParts moves the stock (refusing a part short in stock before anything is
 * written), then the record is appended. See backend/src/inventory/README.md.
 */
@Injectable()
abstract class OnProcessingRecord<M extends AddProcessingRecord | EditProcessingRecord> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
    private readonly parts: WorkOrderParts,
  ) {}

  async execute(m: M): Promise<WorkOrderOutcome> {
    const stream = workOrderStream(m.workOrderId);
    const { state } = await this.streams.load(stream, workOrder);
    if (state.status === 'none') throw new NotFoundInScope('WorkOrder');
    await checkUploaded(this.blobs, m.data.record.attachments, m.context.actor.userId, 'record.attachments');
    const record = await this.parts.named(state, m.data.record);
    const command = { type: m.type, data: { record, by: m.by, at: m.at } } as WorkOrderCommand;
    const context = scopeOf(m.context, state);
    const earlier = await this.streams.earlier(stream, workOrder, context);
    if (earlier === null) {
      workOrder.decide(command, state);
      const before = m.type === 'EditProcessingRecord' ? (state.records.find((r) => r.recordId === record.recordId) ?? null) : null;
      await this.parts.move(state, before, record, m.by, m.at, stepOf(m.context, 'parts'));
    }
    return this.streams.handle(stream, command, workOrder, context);
  }
}
@CommandHandler(AddProcessingRecord)
export class AddProcessingRecordHandler extends OnProcessingRecord<AddProcessingRecord> {}
@CommandHandler(EditProcessingRecord)
export class EditProcessingRecordHandler extends OnProcessingRecord<EditProcessingRecord> {}
@CommandHandler(PauseWork)
export class PauseWorkHandler extends OnWorkOrder<PauseWork> {}
@CommandHandler(ResumeWork)
export class ResumeWorkHandler extends OnWorkOrder<ResumeWork> {}
@CommandHandler(CompleteWork)
export class CompleteWorkHandler extends OnWorkOrder<CompleteWork> {}
@CommandHandler(SubmitReceipt)
export class SubmitReceiptHandler extends WithFiles<SubmitReceipt> {
  protected filesOf(m: SubmitReceipt) {
    return { files: m.data.attachments, field: 'attachments' };
  }
}
@CommandHandler(ApproveReceipt)
export class ApproveReceiptHandler extends OnWorkOrder<ApproveReceipt> {}
@CommandHandler(RejectReceipt)
export class RejectReceiptHandler extends OnWorkOrder<RejectReceipt> {}
@CommandHandler(ReportReceipt)
export class ReportReceiptHandler extends OnWorkOrder<ReportReceipt> {}
@CommandHandler(EvaluateWorkOrder)
export class EvaluateWorkOrderHandler extends OnWorkOrder<EvaluateWorkOrder> {}
@CommandHandler(CancelWorkOrder)
export class CancelWorkOrderHandler extends OnWorkOrder<CancelWorkOrder> {}
@CommandHandler(ReopenWorkOrder)
export class ReopenWorkOrderHandler extends OnWorkOrder<ReopenWorkOrder> {}
@CommandHandler(JudgeWarranty)
export class JudgeWarrantyHandler extends OnWorkOrder<JudgeWarranty> {}
@CommandHandler(ChangePriority)
export class ChangePriorityHandler extends OnWorkOrder<ChangePriority> {}

export const WORK_ORDER_COMMAND_HANDLERS = [
  SubmitMaintenanceRequestHandler,
  ReviewRequestHandler,
  RejectRequestHandler,
  DispatchWorkOrderHandler,
  ReturnDispatchHandler,
  AcceptDispatchHandler,
  AssignEngineerHandler,
  AcceptAssignmentHandler,
  DeclineAssignmentHandler,
  StartWorkHandler,
  ReportProgressHandler,
  AddProcessingRecordHandler,
  EditProcessingRecordHandler,
  PauseWorkHandler,
  ResumeWorkHandler,
  CompleteWorkHandler,
  SubmitReceiptHandler,
  ApproveReceiptHandler,
  RejectReceiptHandler,
  ReportReceiptHandler,
  EvaluateWorkOrderHandler,
  CancelWorkOrderHandler,
  ReopenWorkOrderHandler,
  JudgeWarrantyHandler,
  ChangePriorityHandler,
];
