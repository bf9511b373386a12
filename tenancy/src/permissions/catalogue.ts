// ---- The permission catalogue: every action on every subject, defined here and nowhere else ------
//
// The console lists it (with its labels), roles are sets of its entries, and every route will declare
// one of them. A Permission is spelled 'subject-slug:action' ('work-order:dispatch'); the compiler
// knows the full list, so a misspelt permission does not build.

export interface Label {
  readonly 'zh-CN': string;
  readonly en: string;
}

export const ACTIONS = {
  read: { 'zh-CN': '查看', en: 'View' },
  create: { 'zh-CN': '新建', en: 'Create' },
  update: { 'zh-CN': '编辑', en: 'Edit' },
  delete: { 'zh-CN': '删除', en: 'Delete' },
  review: { 'zh-CN': '审核', en: 'Review' },
  dispatch: { 'zh-CN': '派单', en: 'Dispatch' },
  assign: { 'zh-CN': '分配', en: 'Assign' },
  close: { 'zh-CN': '关闭', en: 'Close' },
  receive: { 'zh-CN': '入库', en: 'Receive' },
  issue: { 'zh-CN': '出库', en: 'Issue' },
  'stock-take': { 'zh-CN': '盘点', en: 'Stock-take' },
  approve: { 'zh-CN': '审批', en: 'Approve' },
  export: { 'zh-CN': '导出', en: 'Export' },
  verify: { 'zh-CN': '校验', en: 'Verify' },
  'read-sensitive': { 'zh-CN': '查看敏感信息', en: 'View sensitive data' },
  publish: { 'zh-CN': '发布', en: 'Publish' },
} as const satisfies Record<string, Label>;

export type Action = keyof typeof ACTIONS;

interface SubjectEntry {
  readonly slug: string;
  readonly label: Label;
  readonly actions: readonly Action[];
  /** Fields shown only with the subject's 'read-sensitive' permission (field-level rules). */
  readonly sensitiveFields: readonly string[];
}

const CRUD = ['read', 'create', 'update', 'delete'] as const;

export const SUBJECTS = {
  OperatorNode: {
    slug: 'operator-node',
    label: { 'zh-CN': '运营节点', en: 'Operator node' },
    actions: [...CRUD, 'assign'],
    sensitiveFields: [],
  },
  Enterprise: {
    slug: 'enterprise',
    label: { 'zh-CN': '企业', en: 'Enterprise' },
    actions: [...CRUD, 'review', 'read-sensitive'],
    sensitiveFields: ['bankAccount', 'legalRepresentative.idNumber'],
  },
  Department: { slug: 'department', label: { 'zh-CN': '部门', en: 'Department' }, actions: CRUD, sensitiveFields: [] },
  Member: {
    slug: 'member',
    label: { 'zh-CN': '成员', en: 'Member' },
    actions: [...CRUD, 'assign', 'read-sensitive'],
    sensitiveFields: ['phone', 'idNumber'],
  },
  Role: { slug: 'role', label: { 'zh-CN': '角色', en: 'Role' }, actions: [...CRUD, 'assign'], sensitiveFields: [] },
  Certification: {
    slug: 'certification',
    label: { 'zh-CN': '资质认证', en: 'Certification' },
    actions: [...CRUD, 'review'],
    sensitiveFields: [],
  },
  Device: { slug: 'device', label: { 'zh-CN': '设备', en: 'Device' }, actions: [...CRUD, 'assign'], sensitiveFields: [] },
  WorkOrder: {
    slug: 'work-order',
    label: { 'zh-CN': '工单', en: 'Work order' },
    actions: [...CRUD, 'dispatch', 'assign', 'review', 'close', 'export', 'read-sensitive'],
    sensitiveFields: ['customer.phone', 'customer.address'],
  },
  Part: { slug: 'part', label: { 'zh-CN': '配件', en: 'Part' }, actions: CRUD, sensitiveFields: [] },
  Warehouse: { slug: 'warehouse', label: { 'zh-CN': '仓库', en: 'Warehouse' }, actions: CRUD, sensitiveFields: [] },
  StockMove: {
    slug: 'stock-move',
    label: { 'zh-CN': '出入库', en: 'Stock move' },
    actions: ['read', 'receive', 'issue', 'stock-take', 'approve'],
    sensitiveFields: [],
  },
  PurchaseRequest: { slug: 'purchase-request', label: { 'zh-CN': '采购申请', en: 'Purchase request' }, actions: ['read', 'create', 'approve'], sensitiveFields: [] },
  PurchaseOrder: { slug: 'purchase-order', label: { 'zh-CN': '采购订单', en: 'Purchase order' }, actions: ['read', 'create', 'receive'], sensitiveFields: [] },
  Settlement: {
    slug: 'settlement',
    label: { 'zh-CN': '结算', en: 'Settlement' },
    actions: ['read', 'create', 'review', 'approve', 'export', 'read-sensitive'],
    sensitiveFields: ['bankAccount'],
  },
  FeeSchedule: {
    slug: 'fee-schedule',
    label: { 'zh-CN': '收费标准', en: 'Fee schedule' },
    actions: ['read', 'create', 'publish'],
    sensitiveFields: [],
  },
  AuditLog: {
    slug: 'audit-log',
    label: { 'zh-CN': '审计日志', en: 'Audit log' },
    actions: ['read', 'export', 'verify'],
    sensitiveFields: [],
  },
  Report: { slug: 'report', label: { 'zh-CN': '报表', en: 'Report' }, actions: ['read', 'export', 'create'], sensitiveFields: [] },
  KnowledgeEntry: {
    slug: 'knowledge',
    label: { 'zh-CN': '知识库', en: 'Knowledge base' },
    actions: ['read', 'create', 'update', 'review'],
    sensitiveFields: [],
  },
} as const satisfies Record<string, SubjectEntry>;

export type SubjectType = keyof typeof SUBJECTS;

type SubjectSpec = typeof SUBJECTS;
export type Permission = {
  [S in SubjectType]: `${SubjectSpec[S]['slug']}:${SubjectSpec[S]['actions'][number]}`;
}[SubjectType];

export interface PermissionEntry {
  readonly permission: Permission;
  readonly subject: SubjectType;
  readonly action: Action;
  readonly label: Label;
}

const SUBJECT_BY_SLUG = new Map<string, SubjectType>((Object.keys(SUBJECTS) as SubjectType[]).map((type) => [SUBJECTS[type].slug, type]));

/** Every permission with its console labels ('派单 · 工单' / 'Dispatch · Work order'). */
export const PERMISSIONS: readonly PermissionEntry[] = (Object.keys(SUBJECTS) as SubjectType[]).flatMap((subject) =>
  (SUBJECTS[subject].actions as readonly Action[]).map((action) => ({
    permission: `${SUBJECTS[subject].slug}:${action}` as Permission,
    subject,
    action,
    label: {
      'zh-CN': `${SUBJECTS[subject].label['zh-CN']} · ${ACTIONS[action]['zh-CN']}`,
      en: `${ACTIONS[action].en} · ${SUBJECTS[subject].label.en}`,
    },
  })),
);

const BY_PERMISSION = new Map<string, PermissionEntry>(PERMISSIONS.map((entry) => [entry.permission, entry]));

export class UnknownPermissionError extends Error {
  constructor(readonly permission: string) {
    super(`${JSON.stringify(permission)} is not in the permission catalogue`);
    this.name = 'UnknownPermissionError';
  }
}

export const isPermission = (value: string): value is Permission => BY_PERMISSION.has(value);

/** The action and CASL subject type a permission stands for. */
export function parsePermission(permission: string): PermissionEntry {
  const entry = BY_PERMISSION.get(permission);
  if (!entry) throw new UnknownPermissionError(permission);
  return entry;
}

export const subjectOfSlug = (slug: string): SubjectType | undefined => SUBJECT_BY_SLUG.get(slug);

export const sensitiveFieldsOf = (subject: SubjectType): readonly string[] => SUBJECTS[subject].sensitiveFields;
