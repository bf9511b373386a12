import { Inject, Injectable } from '@nestjs/common';
import { expertHelp, workOrder, workOrderStream, type ExpertHelp, type ExpertHelpEvent, type WorkOrder, type WorkOrderEvent } from '@kuaige/domain';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore, type Row } from '@kuaige/projections';
import { NATIONAL, builtInRole } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import type { RecipientLookups } from '../rules';

interface MembershipsRow extends Row {
  readonly enterprises: readonly { readonly enterpriseId: string; readonly status: string; readonly roles: readonly string[] }[];
}
interface EnterpriseRoleRow extends Row {
  readonly enterpriseId: string;
  readonly key: string;
  readonly permissions: readonly string[];
}
interface OperatorNodeRow extends Row {
  readonly divisionCode: string;
}
interface OperatorStaffRow extends Row {
  readonly nodeId: string;
  readonly userId: string;
  readonly roles: readonly string[];
}

const depth = (divisionCode: string): number => (divisionCode === NATIONAL ? 0 : divisionCode.length);
const grants = (role: string, permission: string): boolean => builtInRole(role)?.permissions.includes(permission as never) ?? false;
// Operators are told of what they may act on: dispatching (all operator roles but compliance).
const OPERATOR_PERMISSION = 'work-order:dispatch';

/**
 * The look-ups rules use: the work order from its stream (as of the triggering event, so a replay
 * finds the same parties), members and operator staff from the tenancy read models. Per-user
 * overrides are not consulted: they widen or narrow what someone may do, not whom we tell.
 */
@Injectable()
export class RecipientLookupService implements RecipientLookups {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly streams: AggregateStreams,
  ) {}

  async workOrderAt(event: RecordedEvent): Promise<WorkOrder | null> {
    const { events } = await this.streams.load(event.streamId, workOrder);
    let state = workOrder.initialState();
    for (const e of events) {
      if (e.revision > event.revision) break;
      state = workOrder.evolve(state, { type: e.type, data: e.data } as WorkOrderEvent);
    }
    return state.status === 'none' ? null : state;
  }

  async expertHelpAt(event: RecordedEvent): Promise<ExpertHelp | null> {
    const { events } = await this.streams.load(event.streamId, expertHelp);
    let state = expertHelp.initialState();
    for (const e of events) {
      if (e.revision > event.revision) break;
      state = expertHelp.evolve(state, { type: e.type, data: e.data } as ExpertHelpEvent);
    }
    return state.status === 'none' ? null : state;
  }

  async workOrder(workOrderId: string): Promise<WorkOrder | null> {
    const { state } = await this.streams.load(workOrderStream(workOrderId), workOrder);
    return state.status === 'none' ? null : state;
  }

  async enterpriseUsers(enterpriseId: string | null, permission: string): Promise<string[]> {
    if (!enterpriseId) return [];
    const [members, customRoles] = await Promise.all([
      this.store.collection<MembershipsRow>('memberships').find({ $and: [{ 'enterprises.enterpriseId': enterpriseId }, visibleRows] }),
      this.store.collection<EnterpriseRoleRow>('enterprise_roles').find({ $and: [{ enterpriseId }, visibleRows] }),
    ]);
    const custom = new Set(customRoles.filter((r) => r.permissions.includes(permission)).map((r) => r.key));
    return members
      .filter((m) => m.enterprises.some((e) => e.enterpriseId === enterpriseId && e.status === 'active' && e.roles.some((r) => custom.has(r) || grants(r, permission))))
      .map((m) => m._id)
      .sort();
  }

  async jurisdictionOperators(jurisdiction: readonly string[]): Promise<string[]> {
    if (jurisdiction.length === 0) return [];
    const nodes = await this.store.collection<OperatorNodeRow>('operator_nodes').find({ $and: [{ divisionCode: { $in: [...jurisdiction] } }, visibleRows] });
    const own = nodes.sort((a, b) => depth(b.divisionCode) - depth(a.divisionCode))[0];
    return own ? this.nodeOperators(own._id) : [];
  }

  async nodeOperators(nodeId: string | null): Promise<string[]> {
    if (!nodeId) return [];
    const staff = await this.store.collection<OperatorStaffRow>('operator_staff').find({ $and: [{ nodeId }, visibleRows] });
    return staff
      .filter((s) => s.roles.some((r) => grants(r, OPERATOR_PERMISSION)))
      .map((s) => s.userId)
      .sort();
  }
}
