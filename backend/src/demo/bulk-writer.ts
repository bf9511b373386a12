import { WorkOrderParts } from '../inventory/application/work-order-parts';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { slaStream, workOrderStream, type SlaCommand } from '@kuaige/domain';
import { digestUuid, type RecordedEvent } from '@kuaige/eventsourcing';
import { EmbeddedReadModelStore, reactionCommandId, ReadModelCheckpointStore, type CheckpointStore, type Reaction, type ReactionCommand, type ReadModelStore } from '@kuaige/projections';
import { BlobReferences } from '../blobs/blob-references';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { RegisterDevice, RegisterDeviceHandler, SellDevice, SellDeviceHandler } from '../devices/application/device.commands';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import type { CommandContext } from '../event-sourcing/command-context';
import { READ_MODEL_STORE, REACTIONS } from '../event-sourcing/event-sourcing.tokens';
import { ReadSide } from '../event-sourcing/read-side';
import { SqliteCheckpointStore } from '../event-sourcing/sqlite-checkpoint-store';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { PersonalData } from '../identity/personal-data';
import { EscalationTargets } from '../sla/application/escalation-targets';
import { SLA_SETTINGS, SLA_SYSTEM_ACTOR, SlaClocks, slaDeadlineJobId } from '../sla/application/sla-clocks';
import { SLA_REACTION, slaFromWorkOrders } from '../sla/application/sla-from-work-orders';
import type { SlaSettings } from '../sla/sla.config';
import { JOB_QUEUE } from '../event-sourcing/event-sourcing.tokens';
import type { JobQueue } from '../jobs/job-queue.port';
import * as workOrderCommands from '../work-orders/application/work-order.commands';
import { OPEN_STATUSES, WORK_ORDERS_COLLECTION } from '../work-orders/read-models/work-orders.projections';
import { BulkEventLog } from './bulk-event-log';
import type { DemoWorld } from './demo-world';
import { MaintenanceWriter } from './maintenance-writer';
import { planWorkOrder } from './work-order-plan';

// ---- Bulk mode: devices, work orders and their SLA clocks decided in memory, committed in batches --
//
// The same commands as the normal run, handled by the work-order and device contexts' own command
// handlers (constructed here on AggregateStreams over a BulkEventLog instead of taken from the
// CommandBus), so every event is still decided by the real deciders from the stream's folded state,
// with the facts the handlers look up. What differs from the normal run:
// - appends are collected in memory and committed `flushEvents` at a time, many streams per SQLite
//   transaction (one fsync), instead of one durable group commit per command round trip;
// - the projector and the reactor are paused for the bulk phase (they catch up afterwards, in pages);
// - the SLA reaction (`sla-from-work-orders`) is answered here, right after each order, exactly as
//   the reactor would: the same handlers, the same derived command ids, the same SlaClocks command
//   side; and the deadline jobs those commands schedule for instants already past run here too (the
//   job handler's CheckSlaDeadline under the job id's command id). Instants still ahead are left to
//   the product's start-up sweep, as in-process jobs are on every restart. The reaction's checkpoint
//   is then moved to the head; a reaction that follows none of the bulk events' types is moved too
//   (it would have passed over them), and one that does is left where it was and answers live.
// - "another order open on this device", which the request handler reads from `work_orders`, comes
//   from a small store of this run's open orders kept current after each order (the projector, paused,
//   cannot answer it).

export interface BulkOptions {
  readonly world: DemoWorld;
  readonly origin: number;
  readonly nodeIds: ReadonlyMap<string, string>;
  readonly context: (key: string, userId: string, at: number | string) => CommandContext;
  /** Orders below this index are written already (a resumed run). */
  readonly fromOrder: number;
  /** Whether the devices are still to be written. */
  readonly devices: boolean;
  readonly flushEvents?: number;
  /** After every flush: the orders below `ordersDone` are committed with their clocks. */
  readonly committed: (ordersDone: number) => void;
  /** Asked after every flush: true ends the run there (a stopped run resumes with the same command). */
  readonly stopRequested?: () => boolean;
  readonly progress?: (phase: string, done: number, total: number, perSecond: number) => void;
}

export interface BulkReport {
  /** Orders below this index are written (fewer than planned when the run was asked to stop). */
  readonly ordersDone: number;
  readonly commands: number;
  readonly events: number;
  readonly reactionsMoved: readonly string[];
  readonly reactionsLeft: readonly string[];
}

const TRANSIENT_CATEGORIES = ['WorkOrder', 'WorkOrderNumber', 'Sla'];

type Handler = { execute(message: object): Promise<unknown> };

/** Pending deadline jobs of one order's clock: id → instant. */
class DueChecks extends SlaClocks {
  readonly due = new Map<string, { workOrderId: string; dueAt: string }>();
  override async schedule(workOrderId: string, instants: readonly string[]): Promise<void> {
    for (const dueAt of instants) this.due.set(slaDeadlineJobId(workOrderId, dueAt), { workOrderId, dueAt });
  }
}

const HANDLED_BY_WORK_ORDER_CONTEXT = [
  ['ReviewRequest', 'ReviewRequestHandler'],
  ['RejectRequest', 'RejectRequestHandler'],
  ['DispatchWorkOrder', 'DispatchWorkOrderHandler'],
  ['ReturnDispatch', 'ReturnDispatchHandler'],
  ['AcceptDispatch', 'AcceptDispatchHandler'],
  ['AssignEngineer', 'AssignEngineerHandler'],
  ['AcceptAssignment', 'AcceptAssignmentHandler'],
  ['DeclineAssignment', 'DeclineAssignmentHandler'],
  ['StartWork', 'StartWorkHandler'],
  ['ReportProgress', 'ReportProgressHandler'],
  ['AddProcessingRecord', 'AddProcessingRecordHandler'],
  ['PauseWork', 'PauseWorkHandler'],
  ['ResumeWork', 'ResumeWorkHandler'],
  ['CompleteWork', 'CompleteWorkHandler'],
  ['SubmitReceipt', 'SubmitReceiptHandler'],
  ['ApproveReceipt', 'ApproveReceiptHandler'],
  ['RejectReceipt', 'RejectReceiptHandler'],
  ['ReportReceipt', 'ReportReceiptHandler'],
  ['EvaluateWorkOrder', 'EvaluateWorkOrderHandler'],
  ['CancelWorkOrder', 'CancelWorkOrderHandler'],
  ['ReopenWorkOrder', 'ReopenWorkOrderHandler'],
  ['JudgeWarranty', 'JudgeWarrantyHandler'],
] as const;

const asCommands = (out: ReturnType<Reaction['handlers'][string]>): readonly ReactionCommand[] => (out == null ? [] : Array.isArray(out) ? out : [out as ReactionCommand]);

/** Pauses the projector and the reactor once they have caught up; returns the head they stand at. */
async function pauseReadSide(app: INestApplication, events: EmbeddedSqliteEventStore): Promise<number> {
  const readSide = app.get(ReadSide);
  if (!readSide.projector || !readSide.reactor || !readSide.leased) throw new Error('bulk mode needs the read side running in this process (role all or projector)');
  await readSide.projector.caughtUp;
  await readSide.reactor.caughtUp;
  const head = await events.headPosition();
  for (;;) {
    const statuses = await readSide.reactor.status();
    if (statuses.every((s) => s.position >= head)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // The leased work as a whole, not its parts: a lease round must not start them again mid-bulk
  // (a reactor started then would append beside the bulk log).
  await readSide.leased!.stop();
  return head;
}

export async function writeInBulk(app: INestApplication, options: BulkOptions): Promise<BulkReport> {
  const store = app.get(EVENT_STORE);
  if (!(store instanceof EmbeddedSqliteEventStore)) throw new Error('bulk mode writes into the embedded event store only (unset EVENTSTORE_URL)');
  const headBefore = await pauseReadSide(app, store);

  // An order's own streams are done with once it is committed; devices, enterprises and memberships
  // are read again by later orders.
  const log = await BulkEventLog.over(store, TRANSIENT_CATEGORIES);
  store.setPageCacheMiB(1024);
  // The application's AggregateStreams has the upcasters when the build registers any (UPCASTERS).
  const streams = new AggregateStreams(log, app.get(AggregateStreams)['upcasters']);
  const blobs = app.get(BlobReferences);
  const openOrders: ReadModelStore = new EmbeddedReadModelStore();
  const open = openOrders.collection(WORK_ORDERS_COLLECTION);
  await open.ensureIndexes([{ name: 'by_device', key: { deviceId: 1 } }]);

  const handlers = new Map<object, Handler>();
  const commandsModule = workOrderCommands as unknown as Record<string, new (...args: unknown[]) => Handler>;
  for (const [command, handler] of HANDLED_BY_WORK_ORDER_CONTEXT) handlers.set(commandsModule[command]!, new commandsModule[handler]!(streams, blobs));
  // A record's stocked parts move stock through the bulk log too (the demo's parts are free text).
  handlers.set(workOrderCommands.AddProcessingRecord, new workOrderCommands.AddProcessingRecordHandler(streams, blobs, new WorkOrderParts(streams)));
  handlers.set(workOrderCommands.SubmitMaintenanceRequest, new workOrderCommands.SubmitMaintenanceRequestHandler(streams, blobs, app.get(PersonalData), openOrders));
  handlers.set(RegisterDevice, new RegisterDeviceHandler(streams, blobs));
  handlers.set(SellDevice, new SellDeviceHandler(streams));
  let commands = 0;
  const execute = async <R>(message: object): Promise<R> => {
    const handler = handlers.get(message.constructor);
    if (!handler) throw new Error(`bulk mode has no handler for ${message.constructor.name}`);
    commands++;
    return (await handler.execute(message)) as R;
  };

  const clocks = new DueChecks(streams, app.get<JobQueue>(JOB_QUEUE), app.get<SlaSettings>(SLA_SETTINGS));
  const escalation = app.get(EscalationTargets);
  const flushEvents = options.flushEvents ?? 20_000;
  const flush = () => log.flush();

  const maintenance = new MaintenanceWriter(options.world, execute, options.context, options.nodeIds);

  // The rate counts what this run wrote: a resumed run starts at its watermark.
  const phaseTimer = (from = 0) => {
    const started = performance.now();
    let last = 0;
    return (phase: string, done: number, total: number, force = false) => {
      const now = performance.now();
      if (!force && now - last < 1000) return;
      last = now;
      options.progress?.(phase, done, total, (done - from) / Math.max(0.001, (now - started) / 1000));
    };
  };

  if (options.devices) {
    const report = phaseTimer();
    const devices = options.world.devices;
    for (const [i, d] of devices.entries()) {
      await maintenance.device(d, options.origin + 4 * 86_400_000 + i * 1000);
      if (log.pending >= flushEvents) await flush();
      report('devices (bulk)', i + 1, devices.length);
    }
    await flush();
    report('devices (bulk)', devices.length, devices.length, true);
  }

  const report = phaseTimer(options.fromOrder);
  const total = options.world.scale.workOrders;
  let ordersDone = options.fromOrder;
  for (let index = options.fromOrder; index < total; index++) {
    const planned = planWorkOrder(options.world, index);
    const stream = workOrderStream(planned.id);
    const before = (await log.readStream(stream)).length - 1;
    const state = await maintenance.workOrder(planned);
    await answerSla(log.unflushed(stream, before));
    const deviceId = options.world.devices[planned.deviceIndex]!.id;
    if (state.status !== 'none' && OPEN_STATUSES.includes(state.status)) {
      await open.bulkWrite([{ replaceOne: { filter: { _id: planned.id }, replacement: { _id: planned.id, deviceId, status: state.status, number: state.number }, upsert: true } }]);
    } else {
      await open.bulkWrite([{ deleteOne: { filter: { _id: planned.id } } }]);
    }
    if (log.pending >= flushEvents || index === total - 1) {
      await flush();
      ordersDone = index + 1;
      options.committed(ordersDone);
      // The loop gets a turn between batches: signals, timers and the lease renewal.
      await new Promise((r) => setImmediate(r));
      if (options.stopRequested?.()) break;
    }
    report('work orders (bulk)', index + 1, total);
  }
  await flush();
  report('work orders (bulk)', ordersDone, total, true);

  // What the reactor would have done for these events: the SLA reaction answered above; the others.
  const config = app.get<AppConfig>(APP_CONFIG);
  const checkpoints: CheckpointStore = config.mongoUrl ? new ReadModelCheckpointStore(app.get(READ_MODEL_STORE)) : new SqliteCheckpointStore(join(config.dataDir, 'checkpoints.sqlite'));
  const head = await store.headPosition();
  const moved: string[] = [];
  const left: string[] = [];
  for (const reaction of app.get<readonly Reaction[]>(REACTIONS)) {
    const follows = Object.keys(reaction.handlers).some((type) => log.types.has(type));
    if (reaction.name === SLA_REACTION || (!follows && (await checkpoints.load(reaction.name)) >= headBefore)) {
      await checkpoints.save(reaction.name, head);
      moved.push(reaction.name);
    } else left.push(reaction.name);
  }
  if (checkpoints instanceof SqliteCheckpointStore) checkpoints.close();
  return { ordersDone, commands, events: log.committed, reactionsMoved: moved, reactionsLeft: left };

  /** The SLA reaction's commands for the order's new events, then the deadline checks already due. */
  async function answerSla(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const handler = slaFromWorkOrders.handlers[event.type];
      if (!handler) continue;
      for (const [i, command] of asCommands(handler(event)).entries()) {
        await clocks.handle(command as unknown as SlaCommand, {
          commandId: reactionCommandId(SLA_REACTION, event.eventId, i),
          causationId: event.eventId,
          correlationId: event.metadata.correlationId,
          actor: SLA_SYSTEM_ACTOR,
        });
      }
    }
    const ran = new Set<string>();
    for (;;) {
      const now = Date.now();
      const next = [...clocks.due].find(([id, job]) => !ran.has(id) && Date.parse(job.dueAt) <= now);
      if (!next) break;
      const [jobId, { workOrderId, dueAt }] = next;
      ran.add(jobId);
      const { state } = await streams.load(slaStream(workOrderId), clocks.decider);
      const escalateTo = await escalation.above(state.regions);
      const at = new Date(Math.max(now, Date.parse(dueAt))).toISOString();
      await clocks.handle({ type: 'CheckSlaDeadline', data: { workOrderId, escalateTo, at } }, { commandId: digestUuid('sla.check', jobId), actor: SLA_SYSTEM_ACTOR });
    }
    clocks.due.clear();
  }
}
