import { Inject, Injectable } from '@nestjs/common';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { Action, SubjectType } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { memberRowId, type DepartmentRow, type EnterpriseRoleRow, type MemberRow } from '../read-models/organisation.projections';
import { inScope, type Actor } from './authorization';

/** Everything an organisation change may move: its read models, and the memberships abilities are built from. */
export const ORGANISATION_READ_MODELS = ['departments', 'enterprise_roles', 'enterprise_members', 'memberships', 'enterprises'];

/**
 * The rows an organisation request addresses, checked against the actor's ability after the read
 * models caught up: missing rows and rows of another enterprise answer 404 alike, and change nothing.
 */
@Injectable()
export class OrganisationScope {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  caughtUp(): Promise<void> {
    return this.freshness.caughtUp(ORGANISATION_READ_MODELS);
  }

  /** The enterprise as the scope of `subjectType` rows the actor would `action`. */
  async enterprise(actor: Actor, action: Action, subjectType: SubjectType, enterpriseId: string): Promise<void> {
    await this.caughtUp();
    const enterprise = await this.store.collection('enterprises').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    inScope(actor, action, subjectType, enterprise && { enterpriseId, scope: enterprise['scope'] }, 'enterpriseId');
  }

  async department(actor: Actor, action: Action, enterpriseId: string, departmentId: string): Promise<DepartmentRow> {
    await this.caughtUp();
    const row = await this.store
      .collection<DepartmentRow>('departments')
      .findOne({ $and: [{ _id: departmentId, enterpriseId }, visibleRows] });
    return inScope(actor, action, 'Department', row, 'departmentId');
  }

  async departmentExists(enterpriseId: string, departmentId: string): Promise<boolean> {
    return (await this.store.collection('departments').count({ $and: [{ _id: departmentId, enterpriseId }, visibleRows] })) > 0;
  }

  memberRow(enterpriseId: string, userId: string): Promise<MemberRow | null> {
    return this.store
      .collection<MemberRow>('enterprise_members')
      .findOne({ $and: [{ _id: memberRowId(enterpriseId, userId) }, visibleRows] });
  }

  async member(actor: Actor, action: Action, enterpriseId: string, userId: string): Promise<MemberRow> {
    await this.caughtUp();
    return inScope(actor, action, 'Member', await this.memberRow(enterpriseId, userId), 'userId');
  }

  async role(actor: Actor, action: Action, enterpriseId: string, roleId: string): Promise<EnterpriseRoleRow> {
    await this.caughtUp();
    const row = await this.store
      .collection<EnterpriseRoleRow>('enterprise_roles')
      .findOne({ $and: [{ _id: roleId, enterpriseId }, visibleRows] });
    return inScope(actor, action, 'Role', row, 'roleId');
  }
}
