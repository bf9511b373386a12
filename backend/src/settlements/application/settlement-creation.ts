import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  distanceKm,
  engineerProfile,
  engineerProfileStream,
  priceWorkOrder,
  scheduleInForce,
  settlement,
  settlementStream,
  workOrder,
  workOrderStream,
  isEngineerLevel,
  type LabourRate,
  type PricingFacts,
  type PricingTerms,
  type WorkOrder,
  type WorkOrderClosed,
  type WorkTimelineEvent,
} from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import {
  reaction,
  visibleRows,
  type Dispatch,
  type DispatchReceipt,
  type Reaction,
  type ReactionHandler,
  type ReadModelStore,
} from '@kuaige/projections';
import { APP_CONFIG } from '../../config/config.module';
import { roleRuns, type AppConfig } from '../../config/config';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { CommandContext } from '../../event-sourcing/command-context';
import { JOB_QUEUE, READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReactionRegistry } from '../../event-sourcing/reaction-registry';
import { ReadSide } from '../../event-sourcing/read-side';
import { defineJob, type JobQueue } from '../../jobs/job-queue.port';
import { EXPERT_HELPS_COLLECTION, type ExpertHelpRow } from '../../expert-help/read-models/expert-help.projections';
import {
  FEE_SCHEDULES_COLLECTION,
  SETTLEMENT_PART_ISSUES_COLLECTION,
  SETTLEMENT_WINDOWS_COLLECTION,
  type FeeScheduleRow,
  type SettlementPartIssueRow,
  type SettlementWindowRow,
} from '../read-models/settlements.projections';
import { SETTLEMENT_SYSTEM_ACTOR } from './settlements';

// ---- Creating a work order's settlement: a durable reaction, and a sweep for the evaluation window -----
// The settlement's id derives from the work order's, so its stream is the order's one settlement: a
// second creation (another trigger, a replay, a restart, a sweep racing the reaction) finds the stream
// and decides nothing. The reaction's command ids derive from the triggering event, the sweep's from
// the order: retries of either append nothing twice.

export const SETTLEMENT_REACTION = 'settlements-from-work-orders';
export const SETTLEMENT_WINDOW_SWEEP_JOB = defineJob<Record<string, never>>('settlements.window-sweep');
export const SETTLEMENT_WINDOW_SWEEP_EVERY_MS = 15 * 60_000;

/** Days after the receipt is reported that a settlement is created without the missing evaluations (SETTLEMENT_EVALUATION_WINDOW_DAYS, default 7). */
export const evaluationWindowDays = (env: NodeJS.ProcessEnv = process.env): number => {
  const value = Number(env['SETTLEMENT_EVALUATION_WINDOW_DAYS'] ?? 7);
  return Number.isFinite(value) && value >= 0 ? value : 7;
};

export const settlementIdOf = (workOrderId: string): string => digestUuid('settlement', workOrderId);

const WORK_ORDER_PREFIX = workOrderStream('');

/** Closing follows the last evaluation (WorkOrderEvaluated → WorkOrderClosed): that is when both are in. */
export const settlementsFromWorkOrders: Reaction = reaction(SETTLEMENT_REACTION, {
  WorkOrderClosed: ((e: RecordedEvent<WorkOrderClosed>) =>
    e.streamId.startsWith(WORK_ORDER_PREFIX)
      ? { type: 'CreateSettlementForWorkOrder', data: { workOrderId: e.streamId.slice(WORK_ORDER_PREFIX.length) } }
      : null) as unknown as ReactionHandler,
});

const TIMELINE = new Set(['WorkStarted', 'WorkPaused', 'WorkResumed', 'WorkCompleted']);

/** Both evaluations are in: the equipment user's, and the manufacturer's when it is another enterprise. */
export const evaluationsComplete = (order: WorkOrder): boolean => {
  const user = order.device.ownerId ?? order.requesterId;
  return (
    order.evaluations['equipment-user'] !== undefined &&
    (order.manufacturerId === null || order.manufacturerId === user || order.evaluations.manufacturer !== undefined)
  );
};

@Injectable()
export class SettlementCreation implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SettlementCreation');
  private closing = false;
  /** Settles once the start-up sweep has run (or this role does not sweep). */
  swept: Promise<number> = Promise.resolve(0);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly registry: ReactionRegistry,
    private readonly readSide: ReadSide,
    private readonly streams: AggregateStreams,
  ) {}

  onModuleInit(): void {
    const create: Dispatch = (command, context) =>
      this.create((command.data as { workOrderId: string }).workOrderId, 'evaluated', { ...context, actor: SETTLEMENT_SYSTEM_ACTOR });
    this.registry.add(settlementsFromWorkOrders, { CreateSettlementForWorkOrder: create });
    this.jobs.register(SETTLEMENT_WINDOW_SWEEP_JOB, async () => {
      await this.sweep();
    });
  }

  onApplicationBootstrap(): void {
    if (!roleRuns(this.config.role).worker) return;
    this.swept = this.sweepWhenCaughtUp().catch((e: Error) => {
      this.logger.error({ err: e }, 'settlement window sweep failed');
      return 0;
    });
  }

  onApplicationShutdown(): void {
    this.closing = true;
  }

  private async sweepWhenCaughtUp(): Promise<number> {
    if (roleRuns(this.config.role).projector) {
      while (!this.readSide.projector) {
        if (this.closing) return 0;
        await new Promise((r) => setTimeout(r, 100));
      }
      await this.readSide.projector.caughtUp;
    }
    const count = await this.sweep();
    if (!this.closing)
      await this.jobs.schedule(SETTLEMENT_WINDOW_SWEEP_JOB, 'settlement-window-sweep', {
        repeat: { every: SETTLEMENT_WINDOW_SWEEP_EVERY_MS },
        data: {},
      });
    return count;
  }

  /** Creates the settlements of reported orders whose evaluation window has run out; returns how many it tried. */
  async sweep(now: Date = new Date()): Promise<number> {
    const dueBy = new Date(now.getTime() - evaluationWindowDays() * 86_400_000).toISOString();
    const due = await this.store
      .collection<SettlementWindowRow>(SETTLEMENT_WINDOWS_COLLECTION)
      .find({ $and: [{ reportedAt: { $lte: dueBy } }, visibleRows] }, { sort: { reportedAt: 1, _id: 1 }, limit: 500 });
    for (const row of due) {
      if (this.closing) break;
      await this.create(
        row._id,
        'evaluation-window-expired',
        { commandId: digestUuid('settlement.window', row._id), actor: SETTLEMENT_SYSTEM_ACTOR },
        now,
      );
    }
    return due.length;
  }

  /**
   * Prices the order and creates its draft settlement, if the order is ready: closed after both
   * evaluations, or reported with the window run out. Otherwise (and when it exists already) nothing.
   */
  async create(
    workOrderId: string,
    trigger: 'evaluated' | 'evaluation-window-expired',
    context: Omit<CommandContext, 'tenantIds' | 'jurisdiction'>,
    now: Date = new Date(),
  ): Promise<DispatchReceipt> {
    const commandId = context.commandId ?? digestUuid('settlement.create', workOrderId, trigger);
    const nothing = { commandId, duplicate: false };
    const { state, events } = await this.streams.load(workOrderStream(workOrderId), workOrder);
    if (state.status === 'none' || state.providerId === null) return nothing;
    const order = state;
    const providerId = state.providerId;
    const ready = trigger === 'evaluated' ? evaluationsComplete(order) : order.status === 'reported' || order.status === 'closed';
    if (!ready) return nothing;
    const settlementId = settlementIdOf(workOrderId);
    const existing = await this.streams.load(settlementStream(settlementId), settlement);
    // Created already (by this trigger or another): reported as a duplicate, so the reactor counts replays.
    if (existing.state.status !== 'none') return { commandId, duplicate: true };

    const timeline = events
      .filter((e) => TIMELINE.has(e.type))
      .map((e) => ({ type: e.type, at: (e.data as { at: string }).at }) as WorkTimelineEvent);
    const completedAt = [...timeline].reverse().find((e) => e.type === 'WorkCompleted')?.at ?? now.toISOString();
    const equipmentUserId = order.device.ownerId ?? order.requesterId;
    const manufacturerId = order.manufacturerId !== null && order.manufacturerId !== equipmentUserId ? order.manufacturerId : null;

    const schedules = await this.store
      .collection<FeeScheduleRow>(FEE_SCHEDULES_COLLECTION)
      .find({ $and: [{ status: 'published', regionCode: { $in: [...order.device.jurisdiction] } }, visibleRows] });
    const schedule = scheduleInForce(schedules, order.device.jurisdiction, completedAt);
    const profile = order.assigneeId
      ? (await this.streams.load(engineerProfileStream(providerId, order.assigneeId), engineerProfile)).state
      : null;
    const level = profile?.status === 'set' ? profile.level : null;
    const base = profile?.status === 'set' ? profile.base : null;
    const issues = await this.store
      .collection<SettlementPartIssueRow>(SETTLEMENT_PART_ISSUES_COLLECTION)
      .find({ $and: [{ workOrderId }, visibleRows] }, { sort: { at: 1, _id: 1 } });
    const names = await this.partNames(issues.map((i) => i.partId));
    const helps = await this.store
      .collection<ExpertHelpRow>(EXPERT_HELPS_COLLECTION)
      .find({ $and: [{ workOrderId, status: 'closed' }, visibleRows] }, { sort: { requestedAt: 1, _id: 1 } });

    const facts: PricingFacts = {
      parties: { equipmentUserId, manufacturerId, providerId },
      timeline,
      engineerLevel: level,
      distanceKm: base && order.device.coordinates ? distanceKm(base, order.device.coordinates) : null,
      parts: issues.map((i) => ({
        issueId: i._id,
        partName: names.get(i.partId) ?? i.partId,
        quantity: i.quantity,
        unitCostFen: i.unitCostFen,
        valueFen: i.valueFen,
      })),
      expertFees: helps.map((h) => ({ helpId: h._id, expertId: h.expertId, feeFen: h.feeFen })),
      warranty: order.warranty?.judgement ?? null,
    };
    // No schedule in force: only what has a price of its own (parts, expert fees), no platform fee.
    const terms: PricingTerms = schedule
      ? { ...schedule, labourRates: schedule.labourRates.filter((r): r is LabourRate => isEngineerLevel(r.skillLevel)) }
      : { labourRates: [], travelBands: [], platformFeeRateBp: 0, expertFeeRateBp: 0 };
    const lines = priceWorkOrder(facts, terms);
    const tenantIds = [...new Set([equipmentUserId, manufacturerId, providerId].filter((t): t is string => t !== null))];
    const at = trigger === 'evaluated' ? (order.closedAt ?? now.toISOString()) : now.toISOString();
    const result = await this.streams.handle(
      settlementStream(settlementId),
      {
        type: 'CreateSettlement',
        data: {
          settlementId,
          workOrderId,
          workOrderNumber: order.number,
          scheduleId: schedule?.scheduleId ?? null,
          rates: { platformFeeRateBp: terms.platformFeeRateBp, expertFeeRateBp: terms.expertFeeRateBp },
          parties: { equipmentUserId, manufacturerId, providerId },
          jurisdiction: [...order.device.jurisdiction],
          lines,
          trigger,
          at,
        },
      },
      settlement,
      { ...context, commandId, tenantIds, jurisdiction: [...order.device.jurisdiction] },
    );
    return { commandId: result.commandId, duplicate: result.duplicate };
  }

  private async partNames(partIds: readonly string[]): Promise<Map<string, string>> {
    if (partIds.length === 0) return new Map();
    const rows = await this.store
      .collection<{ _id: string; partId: string; partName: string }>('stock_levels')
      .find({ $and: [{ partId: { $in: [...new Set(partIds)] } }, visibleRows] }, { limit: 200 });
    return new Map(rows.map((r) => [r.partId, r.partName]));
  }
}
