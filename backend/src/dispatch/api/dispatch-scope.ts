import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Party } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action, SubjectType } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { ActingContextRefused, inScope, type Actor } from '../../tenancy/api/authorization';
import { DispatchFacts, type WorkOrderListRow } from '../application/dispatch-facts';
import { DEVICES, type DeviceRow } from '../application/device-history';

type ScopedRow = { readonly _id: string; readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] }; readonly [field: string]: unknown };

/** Readable, but the caller is not the party this belongs to (not the order's operator, not its provider). */
export class NotYourRole extends ForbiddenException {
  constructor(field: string, message: string) {
    super({ statusCode: 403, message, errors: [{ field, rule: 'not-your-role', message }] });
  }
}

/** The party acting, as maintenance deciders are told it (contract: Parties and permissions). */
export const partyOf = (actor: Actor): Party => {
  if (actor.enterpriseId) return { kind: 'enterprise', enterpriseId: actor.enterpriseId, userId: actor.userId };
  if (actor.operatorNode) return { kind: 'operator', nodeId: actor.operatorNode.id, regionCode: actor.operatorNode.regionCode, userId: actor.userId };
  throw new ActingContextRefused('acting-context-required', 'choose the enterprise or operator node you act for first (POST /api/v1/me/context)');
};

/**
 * The rows dispatch requests address, checked against the actor's ability after the read models caught
 * up: missing rows and rows outside the caller's scope answer 404 alike, and change nothing.
 */
@Injectable()
export class DispatchScope {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
    private readonly facts: DispatchFacts,
  ) {}

  private async row(collection: string, id: string): Promise<ScopedRow | null> {
    return this.store.collection<ScopedRow>(collection).findOne({ $and: [{ _id: id }, visibleRows] });
  }

  /** The enterprise row, if the actor may `action` its `subjectType` rows. */
  async enterprise(actor: Actor, action: Action, subjectType: SubjectType, enterpriseId: string): Promise<ScopedRow> {
    await this.freshness.caughtUp(['enterprises']);
    const row = await this.row('enterprises', enterpriseId);
    inScope(actor, action, subjectType, row && { enterpriseId, scope: row.scope }, 'enterpriseId');
    return row!;
  }

  /** The membership row (enterprise_members) of a person, if the actor may `action` members there. */
  async member(actor: Actor, action: Action, enterpriseId: string, userId: string): Promise<ScopedRow> {
    await this.freshness.caughtUp(['enterprise_members']);
    return inScope(actor, action, 'Member', await this.row('enterprise_members', `${enterpriseId}/${userId}`), 'userId');
  }

  async workOrder(actor: Actor, action: Action, workOrderId: string): Promise<WorkOrderListRow> {
    return inScope(actor, action, 'WorkOrder', await this.facts.workOrder(workOrderId));
  }

  async device(actor: Actor, deviceId: string): Promise<DeviceRow> {
    await this.freshness.caughtUp([DEVICES]);
    return inScope(actor, 'read', 'Device', (await this.row(DEVICES, deviceId)) as DeviceRow | null);
  }
}
