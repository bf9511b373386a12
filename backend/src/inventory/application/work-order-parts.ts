import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  InventoryRuleViolation,
  part,
  partStream,
  recordPartChanges,
  stock,
  stockStream,
  warehouse,
  warehouseStream,
  type Party,
  type ProcessingRecord,
  type RecordPartChange,
  type StockCommand,
  type StockTarget,
  type WorkOrder,
} from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { stepOf } from '../../tenancy/application/event-scope';
import { handleStock, stockTargetOf } from './inventory.commands';

// ---- Parts on a processing record move stock (INV-7) --------------------------------------------------
// A record and the stock it takes live in different streams, so no single append can do both. The
// record's handler asks this first: every stock change the record makes is decided by the stock
// decider on the ledger's current state without writing (so a part short in stock is refused, naming
// it, before anything is written), then appended under a step id derived from the record's command id
// and the warehouse × part, and only then is the record appended. A retry of the request finds its
// steps done and appends only what is missing; a ledger that lost a race between the dry run and the
// append undoes the steps already taken (a van issue is returned, a store request cancelled) and the
// request is refused.

const REASON = 'processing record edited: the part is no longer listed';

interface Plan {
  readonly change: RecordPartChange;
  readonly target: StockTarget;
  readonly command: StockCommand;
  readonly context: CommandContext;
  readonly undo: CommandContext;
}

const fieldOf = (change: RecordPartChange, rule: InventoryRuleViolation): string => {
  if (change.line < 0) return 'record.parts';
  const field = rule.field === 'warehouseId' || rule.field === 'partId' ? rule.field : 'quantity';
  return `record.parts[${change.line}].${field}`;
};
/** The stock decider's refusal, about the record's line it concerns. */
const onLine = (change: RecordPartChange, error: unknown): unknown =>
  error instanceof InventoryRuleViolation ? new InventoryRuleViolation(error.rule, fieldOf(change, error), error.message) : error;

@Injectable()
export class WorkOrderParts {
  constructor(private readonly streams: AggregateStreams) {}

  /**
   * The record with its stocked lines named and measured as the catalogue has them. A part or a
   * warehouse that is not the order's provider's is one the engineer cannot see: 404 naming the line.
   */
  async named(order: WorkOrder, record: ProcessingRecord): Promise<ProcessingRecord> {
    const parts = await Promise.all(
      record.parts.map(async (p, i) => {
        if (p.partId === undefined || p.warehouseId === undefined) return p;
        const [found, store] = await Promise.all([this.streams.load(partStream(p.partId), part), this.streams.load(warehouseStream(p.warehouseId), warehouse)]);
        if (found.state.status === 'none' || found.state.enterpriseId !== order.providerId) throw new NotFoundInScope('Part', `record.parts[${i}].partId`);
        if (store.state.status === 'none' || store.state.enterpriseId !== order.providerId) throw new NotFoundInScope('Warehouse', `record.parts[${i}].warehouseId`);
        return { ...p, name: found.state.name, unit: found.state.unit };
      }),
    );
    return { ...record, parts };
  }

  /** Issues what the record lists beyond what it listed before, and returns what it no longer lists. */
  async move(order: WorkOrder, before: ProcessingRecord | null, after: ProcessingRecord, by: Party, at: string, context: CommandContext): Promise<void> {
    const changes = recordPartChanges(before, after);
    if (changes.length === 0) return;
    const commandId = context.commandId ?? randomUUID();
    const plans = await Promise.all(changes.map((change) => this.plan(order, after.recordId, change, by, at, { ...context, commandId })));
    await this.dryRun(plans);
    const done: Plan[] = [];
    for (const plan of plans) {
      try {
        await handleStock(this.streams, plan.command, plan.context);
        done.push(plan);
      } catch (error) {
        await this.undo(done, by, at);
        throw onLine(plan.change, error);
      }
    }
  }

  private async plan(order: WorkOrder, recordId: string, change: RecordPartChange, by: Party, at: string, context: CommandContext): Promise<Plan> {
    const { warehouseId, partId, delta } = change;
    const target = await stockTargetOf(this.streams, warehouseId, partId);
    const step = `part:${warehouseId}:${partId}`;
    const id = digestUuid('work-order-part', context.commandId!, warehouseId, partId);
    const on = { target, by, at };
    let command: StockCommand;
    if (delta > 0) {
      const { state } = await this.streams.load(warehouseStream(warehouseId), warehouse);
      const vanEngineerId = state.status === 'none' ? null : state.engineerId;
      command = { type: 'IssueStockToWorkOrder', data: { ...on, issueId: id, workOrderId: order.workOrderId, quantity: delta, vanEngineerId, note: `${order.number} · ${recordId}` } };
    } else {
      command = { type: 'ReturnWorkOrderParts', data: { ...on, returnId: id, workOrderId: order.workOrderId, quantity: -delta, reason: REASON } };
    }
    return { change, target, command, context: stepOf(context, step), undo: stepOf(context, `undo:${step}`) };
  }

  /** Every change decided on its ledger as it is now, nothing written: the first refusal answers. */
  private async dryRun(plans: readonly Plan[]): Promise<void> {
    for (const plan of plans) {
      const streamId = stockStream(plan.target.warehouseId, plan.target.partId);
      if (await this.streams.earlier(streamId, stock, plan.undo))
        throw onLine(plan.change, new InventoryRuleViolation('insufficient-stock', 'quantity', 'this request was refused for lack of stock and undone; send it again with a new Idempotency-Key'));
      // A step this request took already (a retry after a crash) is not decided again.
      if (await this.streams.earlier(streamId, stock, plan.context)) continue;
      const { state } = await this.streams.load(streamId, stock);
      try {
        stock.decide(plan.command, state);
      } catch (error) {
        throw onLine(plan.change, error);
      }
    }
  }

  /** Gives back what the steps taken so far moved: the van's parts return, a store's request is cancelled. */
  private async undo(done: readonly Plan[], by: Party, at: string): Promise<void> {
    for (const plan of [...done].reverse()) {
      const { command, target } = plan;
      if (command.type !== 'IssueStockToWorkOrder') continue;
      const on = { target, by, at };
      const reason = 'processing record refused: another part was short in stock';
      const back: StockCommand =
        target.warehouseKind === 'van'
          ? { type: 'ReturnWorkOrderParts', data: { ...on, returnId: digestUuid('work-order-part-undo', command.data.issueId), workOrderId: command.data.workOrderId, quantity: command.data.quantity, reason } }
          : { type: 'CancelStockIssue', data: { ...on, issueId: command.data.issueId, reason } };
      await handleStock(this.streams, back, plan.undo);
    }
  }
}
