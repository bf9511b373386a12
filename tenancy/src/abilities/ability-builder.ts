import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility, type MongoQuery } from '@casl/ability';
import { levelOfCode } from '../divisions/division-tree';
import { parsePermission, sensitiveFieldsOf, SUBJECTS, type Action, type Permission, type SubjectType } from '../permissions/catalogue';
import { normalizeConditions, type Conditions } from './conditions';

// ---- From who the user is and where they act to a CASL ability -----------------------------------
//
// Deny by default: only the memberships of the active enterprise and the active operator node grant
// anything, and every grant is bound to that scope by array membership on the row's indexed scope keys
// (`scope.tenants` for an enterprise, `scope.regions` for an operator node, whose jurisdiction list
// holds every ancestor code). Personal permissions add `assigneeId` on top of the scope, never instead.

export type AppAbility = MongoAbility<[Action, SubjectType | ForcedSubject<SubjectType>]>;

/** A named set of permissions. `personal` ones apply only to rows assigned to the user. */
export interface RoleDefinition {
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly personal?: readonly Permission[];
}

export type Membership =
  | { readonly kind: 'enterprise'; readonly enterpriseId: string; readonly roles: readonly string[] }
  | { readonly kind: 'operator'; readonly nodeId: string; readonly roles: readonly string[] };

/** A per-user exception: allow adds a permission within the active scope; deny removes it everywhere. */
export interface PermissionOverride {
  readonly effect: 'allow' | 'deny';
  readonly permission: Permission;
  /** For a deny: only rows matching these conditions (supported operators only). */
  readonly conditions?: Conditions;
}

export interface OperatorNodeRef {
  readonly id: string;
  /** 'CN', or the province (2 digits), city (4) or county (6) code of the node. */
  readonly regionCode: string;
}

export interface AbilityInput {
  readonly user: { readonly id: string };
  readonly memberships: readonly Membership[];
  readonly activeEnterpriseId?: string | null;
  readonly operatorNode?: OperatorNodeRef | null;
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  readonly overrides?: readonly PermissionOverride[];
}

export class NotAMemberError extends Error {
  constructor(
    readonly kind: 'enterprise' | 'operator',
    readonly id: string,
  ) {
    super(kind === 'enterprise' ? `the user is not a member of enterprise ${id}` : `the user is not a member of operator node ${id}`);
    this.name = 'NotAMemberError';
  }
}

export class UnknownRoleError extends Error {
  constructor(readonly role: string) {
    super(`role ${JSON.stringify(role)} is not defined`);
    this.name = 'UnknownRoleError';
  }
}

interface Scope {
  readonly conditions: Conditions;
  readonly roles: readonly string[];
}

function activeScopes(input: AbilityInput): Scope[] {
  const scopes: Scope[] = [];
  if (input.activeEnterpriseId) {
    const id = input.activeEnterpriseId;
    const roles = input.memberships.flatMap((m) => (m.kind === 'enterprise' && m.enterpriseId === id ? m.roles : []));
    if (!input.memberships.some((m) => m.kind === 'enterprise' && m.enterpriseId === id)) throw new NotAMemberError('enterprise', id);
    scopes.push({ conditions: { 'scope.tenants': id }, roles });
  }
  if (input.operatorNode) {
    const { id, regionCode } = input.operatorNode;
    levelOfCode(regionCode);
    const roles = input.memberships.flatMap((m) => (m.kind === 'operator' && m.nodeId === id ? m.roles : []));
    if (!input.memberships.some((m) => m.kind === 'operator' && m.nodeId === id)) throw new NotAMemberError('operator', id);
    scopes.push({ conditions: { 'scope.regions': regionCode }, roles });
  }
  return scopes;
}

/** Builds the user's ability for the enterprise and operator node they act in. */
export function buildAbility(input: AbilityInput): AppAbility {
  const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
  // Subject types are names, not classes, so CASL cannot type their conditions; ours are checked
  // against the supported operators instead.
  const when = (conditions: Conditions) => conditions as MongoQuery<never>;
  const can = (action: Action, subject: SubjectType, conditions: Conditions) => builder.can(action, subject, when(conditions));
  const cannot = (action: Action, subject: SubjectType, conditions?: Conditions) =>
    conditions ? builder.cannot(action, subject, when(conditions)) : builder.cannot(action, subject);
  const cannotRead = (subject: SubjectType, fields: string[], conditions?: Conditions) =>
    conditions ? builder.cannot('read', subject, fields, when(conditions)) : builder.cannot('read', subject, fields);
  const overrides = (input.overrides ?? []).map((o) => (o.conditions ? { ...o, conditions: normalizeConditions(o.conditions) } : o));
  const allowed = overrides.filter((o) => o.effect === 'allow').map((o) => o.permission);
  const sensitiveGranted = new Set<SubjectType>();
  const personalSensitive = new Set<SubjectType>();

  for (const scope of activeScopes(input)) {
    const definitions = scope.roles.map((name) => {
      const role = input.roles.get(name);
      if (!role) throw new UnknownRoleError(name);
      return role;
    });
    const broad = new Set<Permission>([...definitions.flatMap((r) => r.permissions), ...allowed]);
    const personal = new Set<Permission>(definitions.flatMap((r) => r.personal ?? []).filter((p) => !broad.has(p)));
    for (const permission of broad) {
      const { action, subject } = parsePermission(permission);
      can(action, subject, scope.conditions);
      if (action === 'read-sensitive') sensitiveGranted.add(subject);
    }
    for (const permission of personal) {
      const { action, subject } = parsePermission(permission);
      can(action, subject, { ...scope.conditions, assigneeId: input.user.id });
      if (action === 'read-sensitive') personalSensitive.add(subject);
    }
  }

  // Denials come last: later rules take precedence in CASL.
  for (const o of overrides.filter((x) => x.effect === 'deny')) {
    const { action, subject } = parsePermission(o.permission);
    const fields = action === 'read-sensitive' ? [...sensitiveFieldsOf(subject)] : [];
    if (o.conditions) {
      cannot(action, subject, o.conditions);
      if (fields.length > 0) cannotRead(subject, fields, o.conditions);
    } else {
      cannot(action, subject);
      if (action === 'read-sensitive') {
        sensitiveGranted.delete(subject);
        personalSensitive.delete(subject);
      }
    }
  }
  // Field-level denials never narrow the row filter (CASL leaves inverted field rules out of
  // rulesFor without a field); they only say which fields of a permitted row may be read.
  for (const subject of Object.keys(SUBJECTS) as SubjectType[]) {
    const fields = [...sensitiveFieldsOf(subject)];
    if (fields.length === 0 || sensitiveGranted.has(subject)) continue;
    cannotRead(subject, fields, personalSensitive.has(subject) ? { assigneeId: { $ne: input.user.id } } : undefined);
  }
  return builder.build();
}

/** The sensitive fields of a subject type that the ability may not read (to strip from responses). */
export function hiddenFields(ability: AppAbility, subject: SubjectType): string[] {
  return sensitiveFieldsOf(subject).filter((field) => !ability.can('read', subject, field));
}
