import type { RoleDefinition } from '../abilities/ability-builder';
import { PERMISSIONS, type Label, type Permission } from '../permissions/catalogue';

// ---- The roles every enterprise and operator node has without defining them ----------------------
//
// A membership names its roles by key. Enterprise roles apply inside the enterprise (scope.tenants),
// operator roles inside the node's jurisdiction (scope.regions). Custom enterprise roles are defined by
// enterprise admins (sets of catalogue permissions) and live beside these under other keys.

export type RoleScope = 'enterprise' | 'operator';

export interface BuiltInRole extends RoleDefinition {
  readonly key: string;
  readonly scope: RoleScope;
  readonly label: Label;
  /** Holders must have a second factor before acting with it (account-level "MFA required"). */
  readonly privileged: boolean;
}

const all = (...slugs: string[]): Permission[] =>
  PERMISSIONS.filter((p) => slugs.includes(p.permission.slice(0, p.permission.indexOf(':')))).map((p) => p.permission);
const except = (permissions: Permission[], ...excluded: Permission[]): Permission[] => permissions.filter((p) => !excluded.includes(p));

const role = (
  key: string,
  scope: RoleScope,
  label: Label,
  privileged: boolean,
  permissions: Permission[],
  personal: Permission[] = [],
): BuiltInRole => ({
  key,
  name: key,
  scope,
  label,
  privileged,
  permissions,
  personal,
});

/** The enterprise administrator: everything inside its own enterprise except reviewing others. */
export const ENTERPRISE_ADMIN_ROLE = role(
  'admin',
  'enterprise',
  { 'zh-CN': '企业管理员', en: 'Enterprise admin' },
  true,
  except(
    [
      ...all('enterprise', 'department', 'member', 'role', 'device', 'work-order', 'part', 'warehouse', 'stock-move', 'settlement', 'report', 'knowledge'),
      ...all('purchase-request', 'purchase-order'),
    ],
    'enterprise:create',
    'enterprise:delete',
    'enterprise:review',
  ),
);

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  ENTERPRISE_ADMIN_ROLE,
  role('member', 'enterprise', { 'zh-CN': '普通员工', en: 'Employee' }, false, [
    'enterprise:read',
    'department:read',
    'member:read',
    'device:read',
    'work-order:read',
    'work-order:create',
    'part:read',
    'warehouse:read',
    'report:read',
    'report:create',
    'knowledge:read',
  ]),
  role(
    'engineer',
    'enterprise',
    { 'zh-CN': '工程师', en: 'Engineer' },
    false,
    // Engineers read the knowledge base and write repair plans for their enterprise to review.
    [
      'enterprise:read',
      'department:read',
      'member:read',
      'device:read',
      'part:read',
      'warehouse:read',
      'knowledge:read',
      'knowledge:create',
      'knowledge:update',
    ],
    // Engineers act on the work assigned to them, not on all of the enterprise's work; they call the
    // customer's contact of their own orders, so they read its phone; their own performance figures
    // (analytics rows with their assigneeId) are theirs to read too.
    ['work-order:read', 'work-order:update', 'work-order:close', 'work-order:read-sensitive', 'stock-move:issue', 'stock-move:read', 'report:read'],
  ),
  // Keeps the enterprise's stock: movements, thresholds, and the purchases that refill it (its approval
  // is the first level of the usual purchasing chain).
  role(
    'warehouse-manager',
    'enterprise',
    { 'zh-CN': '仓库管理员', en: 'Warehouse manager' },
    false,
    ['enterprise:read', 'department:read', 'member:read', 'device:read', ...all('part', 'warehouse', 'stock-move', 'purchase-request', 'purchase-order')],
  ),
  role('operator-admin', 'operator', { 'zh-CN': '运营管理员', en: 'Operator admin' }, true, [
    ...all('operator-node', 'certification', 'report'),
    'enterprise:read',
    'enterprise:create',
    'enterprise:update',
    'enterprise:review',
    'enterprise:read-sensitive',
    'member:read',
    'device:read',
    'work-order:read',
    'work-order:dispatch',
    'work-order:assign',
    'work-order:review',
    'work-order:close',
    'work-order:export',
    'settlement:read',
    'settlement:review',
    'settlement:approve',
    'fee-schedule:read',
    'fee-schedule:create',
    'fee-schedule:publish',
    'knowledge:read',
  ]),
  role('operator-staff', 'operator', { 'zh-CN': '运营专员', en: 'Operator staff' }, false, [
    'operator-node:read',
    'enterprise:read',
    'enterprise:review',
    'certification:read',
    'certification:review',
    'member:read',
    'device:read',
    'work-order:read',
    'work-order:dispatch',
    'report:read',
    'report:create',
    'knowledge:read',
    'settlement:read',
    'fee-schedule:read',
  ]),
  // Finance staff of an enterprise contest, confirm and pay its settlements and read its statements.
  role('finance', 'enterprise', { 'zh-CN': '财务', en: 'Finance' }, false, [
    'enterprise:read',
    'work-order:read',
    'settlement:read',
    'settlement:review',
    'settlement:approve',
    'settlement:export',
  ]),
  role('compliance', 'operator', { 'zh-CN': '合规审计', en: 'Compliance' }, true, [
    'operator-node:read',
    'enterprise:read',
    'audit-log:read',
    'audit-log:export',
    'audit-log:verify',
    'report:read',
    'report:create',
  ]),
];

const BY_KEY = new Map(BUILT_IN_ROLES.map((r) => [r.key, r]));

export const builtInRole = (key: string): BuiltInRole | undefined => BY_KEY.get(key);
export const isBuiltInRole = (key: string): boolean => BY_KEY.has(key);
export const rolesOfScope = (scope: RoleScope): BuiltInRole[] => BUILT_IN_ROLES.filter((r) => r.scope === scope);
/** Keys of the roles that make a second factor mandatory for their holders. */
export const PRIVILEGED_ROLE_KEYS: readonly string[] = BUILT_IN_ROLES.filter((r) => r.privileged).map((r) => r.key);
