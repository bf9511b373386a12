import { FAULT_TYPES, type Party, type WorkOrderState } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { newQrToken, RegisterDevice, SellDevice } from '../devices/application/device.commands';
import { SetEngineerProfile, SetProviderProfile } from '../dispatch/application/profile.commands';
import type { CommandContext } from '../event-sourcing/command-context';
import {
  AcceptAssignment,
  AcceptDispatch,
  AddProcessingRecord,
  ApproveReceipt,
  CancelWorkOrder,
  CompleteWork,
  DeclineAssignment,
  DispatchWorkOrder,
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
  AssignEngineer,
  type WorkOrderOutcome,
} from '../work-orders/application/work-order.commands';
import type { DemoWorld, PlannedDevice, PlannedEnterprise, PlannedNode } from './demo-world';
import type { PlannedStep, PlannedWorkOrder } from './work-order-plan';

// ---- Profiles, devices and work orders of the planned world, as the maintenance contexts' commands -
//
// Each planned step becomes the command of the party whose step it is: the requester raises and
// evaluates, the operator of the device's province reviews and dispatches, the provider's admin
// accepts, assigns and reviews the receipt, the engineer does the work, the manufacturer judges the
// warranty and evaluates. Command ids derive from the order and the step's position, so a resumed run
// finds the steps it wrote and appends nothing twice.

type Execute = <R>(command: object) => Promise<R>;
type ContextOf = (key: string, userId: string, at: number | string) => CommandContext;

const enterpriseParty = (e: PlannedEnterprise, userId = e.admin.userId): Party => ({ kind: 'enterprise', enterpriseId: e.id, userId });
const operatorParty = (node: PlannedNode): Party => ({ kind: 'operator', nodeId: node.id, regionCode: node.code, userId: node.dispatcher.userId });

export class MaintenanceWriter {
  private readonly provinceNodes: Map<string, PlannedNode>;

  constructor(
    private readonly world: DemoWorld,
    private readonly execute: Execute,
    private readonly context: ContextOf,
    /** The node ids the tree has (a division's existing node keeps its id). */
    private readonly nodeIds: ReadonlyMap<string, string>,
  ) {
    this.provinceNodes = new Map(world.nodes.filter((n) => /^\d{2}$/.test(n.code)).map((n) => [n.code, { ...n, id: nodeIds.get(n.code) ?? n.id }]));
  }

  /** A provider's profile and its engineers' profiles (what the dispatch suggestions rank on). */
  async profiles(provider: PlannedEnterprise, at: number): Promise<void> {
    const by = enterpriseParty(provider);
    const faultTypes = Object.keys(FAULT_TYPES);
    await this.execute(
      new SetProviderProfile(
        provider.id,
        { deviceTypes: provider.deviceTypes, faultTypes, serviceRegions: provider.serviceRegions, base: provider.base, capacity: provider.capacity },
        by,
        this.context(`provider-profile/${provider.id}`, provider.admin.userId, at),
      ),
    );
    for (const e of provider.engineers) {
      await this.execute(
        new SetEngineerProfile(
          provider.id,
          e.userId,
          true,
          { deviceTypes: e.deviceTypes, faultTypes: e.faultTypes, fields: e.fields, level: e.level, yearsOfExperience: e.yearsOfExperience, base: e.base, available: true },
          by,
          this.context(`engineer-profile/${provider.id}/${e.phone}`, provider.admin.userId, at),
        ),
      );
    }
  }

  /**
   * A manufacturer's device is registered by it and sold to its owner; any other by its owner. `at` is
   * when it was entered on the platform (after its enterprises joined); the sale date is its history.
   */
  async device(d: PlannedDevice, at: number): Promise<void> {
    const owner = this.world.equipmentUsers[d.ownerIndex]!;
    const maker = d.manufacturerIndex === null ? null : this.world.manufacturers[d.manufacturerIndex]!;
    const registrant = maker ?? owner;
    await this.execute(
      new RegisterDevice(
        d.id,
        {
          name: d.name,
          model: d.model,
          type: d.type,
          spec: d.spec,
          parameters: [{ name: '额定电压', value: '380', unit: 'V' }],
          project: null,
          manufacturedOn: d.manufacturedOn,
          warrantyMonths: d.warrantyMonths,
          countyCode: d.countyCode,
          address: d.address,
          coordinates: { lat: d.lat, lng: d.lng },
          number: d.number,
          by: enterpriseParty(registrant),
          // A manufacturer registers its own make; an owner's device here has no manufacturer on the platform.
          manufacturerId: null,
          soldOn: maker ? null : d.soldOn,
          images: [],
          qrToken: newQrToken(),
          at: new Date(at).toISOString(),
        },
        this.context(`device/${d.id}`, registrant.admin.userId, at),
      ),
    );
    if (maker)
      await this.execute(
        new SellDevice(d.id, { ownerId: owner.id, soldOn: d.soldOn, by: enterpriseParty(maker), at: new Date(at + 60_000).toISOString() }, this.context(`sale/${d.id}`, maker.admin.userId, at + 60_000)),
      );
  }

  /** The order's request and every planned step after it; a step the order no longer needs is skipped. */
  async workOrder(order: PlannedWorkOrder): Promise<WorkOrderState> {
    const device = this.world.devices[order.deviceIndex]!;
    const owner = this.world.equipmentUsers[device.ownerIndex]!;
    const maker = device.manufacturerIndex === null ? null : this.world.manufacturers[device.manufacturerIndex]!;
    const requester = order.requestedBy === 'manufacturer' && maker ? maker : owner;
    const operator = this.provinceNodes.get(device.countyCode.slice(0, 2))!;
    let provider: PlannedEnterprise | null = null;
    let engineerId: string | null = null;
    let n = 0;
    const send = async (make: (by: Party, at: string, context: CommandContext) => object, by: Party, at: string): Promise<WorkOrderOutcome> => {
      const userId = by.kind === 'system' ? 'demo-seed' : by.userId;
      return this.execute<WorkOrderOutcome>(make(by, at, this.context(`${order.id}/${n++}`, userId, at)));
    };
    let state = (
      await send(
        (by, at, c) =>
          new SubmitMaintenanceRequest(
            order.id,
            {
              deviceId: device.id,
              fault: { type: order.faultType, description: order.description, attachments: [] },
              priority: order.priority,
              channel: 'console',
              contact: { name: requester.admin.name, phone: requester.admin.phone },
            },
            by,
            at,
            c,
          ),
        enterpriseParty(requester),
        order.submittedAt,
      )
    ).state;
    const id = order.id;
    const step = async (s: PlannedStep): Promise<void> => {
      const providerParty = () => enterpriseParty(provider!);
      const engineerParty = () => enterpriseParty(provider!, engineerId!);
      const on = (make: (by: Party, at: string, context: CommandContext) => object, by: Party) => send(make, by, s.at);
      let outcome: WorkOrderOutcome | null = null;
      switch (s.step) {
        case 'review':
          // The automatic review passed it already (or it did not: another order was open on the device).
          if (state.status !== 'submitted') return;
          outcome = await on((by, at, c) => new ReviewRequest(id, { opinion: s.opinion }, by, at, c), operatorParty(operator));
          break;
        case 'review-reject':
          if (state.status !== 'submitted') return;
          outcome = await on((by, at, c) => new RejectRequest(id, { opinion: s.reason }, by, at, c), operatorParty(operator));
          break;
        case 'dispatch':
          provider = this.world.providers[s.providerIndex]!;
          outcome = await on(
            (by, at, c) => new DispatchWorkOrder(id, { providerId: provider!.id, priority: null, suggestion: null, override: null }, by, at, c),
            operatorParty(operator),
          );
          break;
        case 'return':
          outcome = await on((by, at, c) => new ReturnDispatch(id, { reason: s.reason }, by, at, c), providerParty());
          break;
        case 'accept':
          outcome = await on((by, at, c) => new AcceptDispatch(id, {}, by, at, c), providerParty());
          break;
        case 'assign':
          engineerId = provider!.engineers[s.engineerIndex]!.userId;
          outcome = await on((by, at, c) => new AssignEngineer(id, { engineerId: engineerId! }, by, at, c), providerParty());
          break;
        case 'decline':
          outcome = await on((by, at, c) => new DeclineAssignment(id, { reason: s.reason }, by, at, c), engineerParty());
          break;
        case 'engineer-accept':
          outcome = await on((by, at, c) => new AcceptAssignment(id, {}, by, at, c), engineerParty());
          break;
        case 'start':
          outcome = await on((by, at, c) => new StartWork(id, {}, by, at, c), engineerParty());
          break;
        case 'progress':
          outcome = await on((by, at, c) => new ReportProgress(id, { note: s.note, percent: 50, attachments: [] }, by, at, c), engineerParty());
          break;
        case 'pause':
          outcome = await on((by, at, c) => new PauseWork(id, { reason: s.reason, note: s.reason === 'awaiting-parts' ? '等待配件到货' : '等待客户安排停机' }, by, at, c), engineerParty());
          break;
        case 'resume':
          outcome = await on((by, at, c) => new ResumeWork(id, {}, by, at, c), engineerParty());
          break;
        case 'record': {
          const recordId = digestUuid('demo-record', id, String(n));
          outcome = await on((by, at, c) => new AddProcessingRecord(id, { record: { recordId, ...s.record, attachments: [] } }, by, at, c), engineerParty());
          break;
        }
        case 'complete':
          outcome = await on((by, at, c) => new CompleteWork(id, { summary: '故障已排除，设备试运行正常' }, by, at, c), engineerParty());
          break;
        case 'receipt':
          outcome = await on((by, at, c) => new SubmitReceipt(id, { summary: s.summary, attachments: [] }, by, at, c), engineerParty());
          break;
        case 'receipt-reject':
          outcome = await on((by, at, c) => new RejectReceipt(id, { reason: s.reason }, by, at, c), providerParty());
          break;
        case 'receipt-approve':
          outcome = await on((by, at, c) => new ApproveReceipt(id, { opinion: '回执完整，同意' }, by, at, c), providerParty());
          break;
        case 'receipt-report':
          outcome = await on((by, at, c) => new ReportReceipt(id, { note: '已上报运营商' }, by, at, c), providerParty());
          break;
        case 'evaluate': {
          const by = s.evaluation.by === 'manufacturer' ? enterpriseParty(maker!) : enterpriseParty(requester);
          outcome = await on((b, at, c) => new EvaluateWorkOrder(id, { score: s.evaluation.score, opinion: s.evaluation.opinion }, b, at, c), by);
          break;
        }
        case 'warranty':
          outcome = await on((by, at, c) => new JudgeWarranty(id, { judgement: s.judgement, opinion: s.opinion }, by, at, c), enterpriseParty(maker!));
          break;
        case 'reopen':
          outcome = await on((by, at, c) => new ReopenWorkOrder(id, { reason: s.reason }, by, at, c), enterpriseParty(requester));
          break;
        case 'cancel':
          outcome = await on((by, at, c) => new CancelWorkOrder(id, { reason: s.reason }, by, at, c), enterpriseParty(requester));
          break;
      }
      state = outcome.state;
    };
    for (const s of order.steps) await step(s);
    return state;
  }
}
