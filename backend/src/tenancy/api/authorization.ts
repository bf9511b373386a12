import { createHash } from 'node:crypto';
import {
  applyDecorators,
  createParamDecorator,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import {
  AbilityCache,
  accessibleFilter,
  buildAbility,
  builtInRole,
  BUILT_IN_ROLES,
  parsePermission,
  PRIVILEGED_ROLE_KEYS,
  scoped,
  SUBJECTS,
  type Action,
  type AppAbility,
  type Membership,
  type Permission,
  type PermissionOverride,
  type RoleDefinition,
  type SubjectType,
} from '@kuaige/tenancy';
import { subject as asSubject } from '@casl/ability';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ACCESS_METADATA, Access, type AccessDeclaration } from '../../http/access';
import type { Caller } from '../../identity/application/session-control';
import { AuthenticatedGuard } from '../../identity/api/guards';
import { MfaGate } from '../../identity/application/mfa-gate';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { requestOf } from '../../identity/api/request-of';
import type { MembershipsRow } from '../read-models/tenancy.projections';
import { operatorStaffRowId, type OperatorStaffRow } from '../read-models/operator-staff.projection';

// ---- Enforcement: one guard and one set of decorators for REST controllers and GraphQL resolvers ---
//
// A route says which catalogue permission it needs (@Permit). The guard authenticates the caller, turns
// the acting context its access token claims into an ability (memberships, roles, overrides — from the
// read models, cached per user and permission version), and refuses when the ability has no rule at all
// for the permission (403). Which rows the caller may touch is then the ability's: queries join its
// filter under $and (scopedFilter), commands check the row they act on (inScope) — a row outside scope
// answers 404 as if it did not exist.

/** The caller with the scope it acts in and what it may do there. */
export interface Actor extends Caller {
  /** The active enterprise, when the acting context is one. */
  readonly enterpriseId: string | null;
  /** The active operator node, when the acting context is one. */
  readonly operatorNode: { readonly id: string; readonly regionCode: string } | null;
  /** Role keys held in the acting context. */
  readonly roles: readonly string[];
  readonly ability: AppAbility;
}

export type ActorRequest = ReturnType<typeof requestOf> & { actor?: Actor };

/** Custom enterprise roles are read from this collection (rows scoped to the enterprise). */
export const ENTERPRISE_ROLES_COLLECTION = 'enterprise_roles';
type CustomRoleRow = {
  readonly _id: string;
  readonly key?: string;
  readonly permissions?: readonly Permission[];
  readonly personal?: readonly Permission[];
  readonly updatedAt?: string;
} & Record<string, unknown>;

const errorOf = (field: string, rule: string, message: string) => ({ errors: [{ field, rule, message }], message });

/** The acting context is missing, or no longer the caller's (left the enterprise, removed from staff). */
export class ActingContextRefused extends ForbiddenException {
  constructor(rule: 'acting-context-required' | 'acting-context-invalid', message: string) {
    super({ statusCode: 403, ...errorOf('context', rule, message) });
  }
}

/** The caller's ability has no rule for the permission at all. */
export class PermissionMissing extends ForbiddenException {
  constructor(readonly permission: string) {
    super({ statusCode: 403, ...errorOf('permission', 'permission', `this needs the permission ${permission} in the acting enterprise or operator node`) });
  }
}

/** The row does not exist or lies outside the caller's scope: both answer alike, so existence does not leak. */
export class NotFoundInScope extends NotFoundException {
  constructor(readonly subjectType: SubjectType, field = 'id') {
    super({ statusCode: 404, ...errorOf(field, 'exists', `no such ${subjectType}`) });
  }
}

/** No acting context: no rules at all (the same for everyone, so built once). */
const NO_CONTEXT = buildAbility({ user: { id: '' }, memberships: [], roles: new Map() });

/** What the members of an enterprise still under review (or rejected) may do: see and correct it. */
const UNAPPROVED_ENTERPRISE_PERMISSIONS: readonly Permission[] = ['enterprise:read', 'enterprise:update'];

/** A stable digest of what an ability is built from: the cache rebuilds exactly when it changes. */
const versionOf = (parts: unknown): string => createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

/** Reads the read models an ability is built from, and keeps built abilities. */
@Injectable()
export class ActorDirectory {
  private readonly cache = new AbilityCache(10_000);

  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async actorOf(caller: Caller): Promise<Actor> {
    const context = caller.context;
    if (context === null) return { ...caller, enterpriseId: null, operatorNode: null, roles: [], ability: NO_CONTEXT };
    if (context.kind === 'enterprise') return this.inEnterprise(caller, context.id);
    return this.inOperatorNode(caller, context.id);
  }

  private async inEnterprise(caller: Caller, enterpriseId: string): Promise<Actor> {
    const row = await this.store.collection<MembershipsRow>('memberships').findOne({ $and: [{ _id: caller.userId }, visibleRows] });
    const entry = row?.enterprises.find((m) => m.enterpriseId === enterpriseId && m.status === 'active');
    if (!entry) throw new ActingContextRefused('acting-context-invalid', 'you are no longer an active member of that enterprise; choose another (POST /api/v1/me/context)');
    const custom = await this.store
      .collection<CustomRoleRow>(ENTERPRISE_ROLES_COLLECTION)
      .find({ $and: [{ 'scope.tenants': enterpriseId }, visibleRows] });
    const overrides = ((entry as { overrides?: PermissionOverride[] }).overrides ?? []) as PermissionOverride[];
    const enterprise = await this.store.collection('enterprises').findOne({ $and: [{ _id: enterpriseId }, visibleRows] });
    // Until the operator approves it, an enterprise's members may only look at and correct its registration.
    const approved = enterprise?.['status'] === 'approved';
    const version = versionOf([entry.roles, overrides, custom.map((r) => [r._id, r.updatedAt ?? '']), approved]);
    const ability = this.cache.get({ userId: caller.userId, enterpriseId, operatorNodeId: null, version }, () => {
      const roles = new Map<string, RoleDefinition>(BUILT_IN_ROLES.filter((r) => r.scope === 'enterprise').map((r) => [r.key, r]));
      for (const r of custom) roles.set(r.key ?? r._id, { name: r.key ?? r._id, permissions: r.permissions ?? [], personal: r.personal ?? [] });
      if (!approved) for (const [key, role] of roles) roles.set(key, { ...role, permissions: role.permissions.filter((p) => UNAPPROVED_ENTERPRISE_PERMISSIONS.includes(p)), personal: [] });
      const memberships: Membership[] = [{ kind: 'enterprise', enterpriseId, roles: entry.roles.filter((key) => roles.has(key)) }];
      return buildAbility({ user: { id: caller.userId }, memberships, activeEnterpriseId: enterpriseId, roles, overrides });
    });
    return { ...caller, enterpriseId, operatorNode: null, roles: entry.roles, ability };
  }

  private async inOperatorNode(caller: Caller, nodeId: string): Promise<Actor> {
    const staff = await this.store
      .collection<OperatorStaffRow>('operator_staff')
      .findOne({ $and: [{ _id: operatorStaffRowId(nodeId, caller.userId) }, visibleRows] });
    if (!staff) throw new ActingContextRefused('acting-context-invalid', 'you are no longer on that operator node’s staff; choose another (POST /api/v1/me/context)');
    const node = await this.store.collection('operator_nodes').findOne({ $and: [{ _id: nodeId }, visibleRows] });
    // A suspended node's staff still see their jurisdiction but may not act: their roles shrink to reading.
    const suspended = node?.['status'] === 'suspended';
    const version = versionOf([staff.roles, suspended]);
    const regionCode = staff.divisionCode;
    const ability = this.cache.get({ userId: caller.userId, enterpriseId: null, operatorNodeId: nodeId, version }, () => {
      const roles = new Map<string, RoleDefinition>();
      for (const key of staff.roles) {
        const role = builtInRole(key);
        if (!role || role.scope !== 'operator') continue;
        roles.set(key, suspended ? { ...role, permissions: role.permissions.filter((p) => p.endsWith(':read')) } : role);
      }
      return buildAbility({
        user: { id: caller.userId },
        memberships: [{ kind: 'operator', nodeId, roles: [...roles.keys()] }],
        operatorNode: { id: nodeId, regionCode },
        roles,
      });
    });
    return { ...caller, enterpriseId: null, operatorNode: { id: nodeId, regionCode }, roles: staff.roles, ability };
  }
}

/** Authenticates (AuthenticatedGuard runs first), builds the actor and checks the route's permission. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly actors: ActorDirectory,
    private readonly mfa: MfaGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const declaration = this.reflector.getAllAndOverride<AccessDeclaration | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (declaration?.kind !== 'permission') throw new Error('PermissionGuard on a route that declares no permission');
    const request = requestOf(context) as ActorRequest;
    if (!request.caller) throw new Error('PermissionGuard ran before AuthenticatedGuard');
    const actor = await this.actors.actorOf(request.caller);
    request.actor = actor;
    const { action, subject } = parsePermission(declaration.permission);
    if (!actor.ability.can(action, subject)) {
      if (request.caller.context === null) throw new ActingContextRefused('acting-context-required', 'choose the enterprise or operator node you act for first (POST /api/v1/me/context)');
      throw new PermissionMissing(declaration.permission);
    }
    // Holders of privileged roles (operators, enterprise admins, compliance) look around freely but act
    // only with a second factor set up: the account is read only for such requests.
    if (action !== 'read' && actor.roles.some((role) => PRIVILEGED_ROLE_KEYS.includes(role))) await this.mfa.check(actor.userId);
    return true;
  }
}

/** A route that needs a catalogue permission in the caller's acting context. */
export const Permit = (permission: Permission) =>
  applyDecorators(
    Access.permission(permission),
    UseGuards(AuthenticatedGuard, PermissionGuard),
    // Signing-in refusals (no token, ended session) answer 401 as on identity's own routes.
    UseFilters(IdentityErrorFilter),
    ApiForbiddenResponse({ description: `needs ${permission} (errors[0].rule = "permission"), or an acting context ("acting-context-required")` }),
    ApiNotFoundResponse({ description: 'no such row in the caller’s scope (rows of other tenants and jurisdictions answer alike)' }),
  );

/** The actor PermissionGuard built for this request. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = (requestOf(context) as ActorRequest).actor;
  if (!actor) throw new Error('CurrentActor used on a route without @Permit');
  return actor;
});

/**
 * The row the command or query addresses, if the actor may `action` it: null and rows the actor may not
 * even read answer 404 (NotFoundInScope); readable rows it may not act on, 403.
 */
export function inScope<T extends object>(actor: Pick<Actor, 'ability'>, action: Action, subjectType: SubjectType, row: T | null | undefined, field = 'id'): T {
  if (!row) throw new NotFoundInScope(subjectType, field);
  const target = asSubject(subjectType, { ...row });
  if (!actor.ability.can('read', target) && !actor.ability.can(action, target)) throw new NotFoundInScope(subjectType, field);
  if (!actor.ability.can(action, target)) throw new PermissionMissing(`${SUBJECTS[subjectType].slug}:${action}`);
  return row;
}

/** The query's filter joined under $and with the rows the actor may `action`. */
export const scopedFilter = (actor: Pick<Actor, 'ability'>, action: Action, subjectType: SubjectType, filter: Filter = {}): Filter =>
  scoped(filter, accessibleFilter(actor.ability, action, subjectType));
