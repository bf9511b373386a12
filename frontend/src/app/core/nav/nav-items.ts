/** One entry of the side navigation; labels are translation keys. */
export interface NavItem {
  readonly path: string;
  readonly icon: string;
  readonly labelKey: string;
  /** Shown only when the active context grants one of these ('subject:action'); none: always. */
  readonly permissions?: readonly string[];
  /** Highlighted only on this very path, not below it (a list whose sub-pages have entries of their own). */
  readonly exact?: boolean;
  /** Shown only while acting for one of these kinds of party; none: for any. */
  readonly contexts?: readonly ('enterprise' | 'operator')[];
}

export interface NavSection {
  readonly labelKey: string;
  readonly items: readonly NavItem[];
}

// Only features that work are listed: an entry appears here when its route ships.
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    labelKey: 'nav.sections.operations',
    items: [{ path: '/status', icon: 'monitor_heart', labelKey: 'nav.status' }],
  },
];

/** Listed only while the backend keeps a development SMS outbox (never in production). */
export const DEV_TOOLS_SECTION: NavSection = {
  labelKey: 'nav.sections.devTools',
  items: [{ path: '/dev/sms-outbox', icon: 'sms', labelKey: 'nav.smsOutbox' }],
};

/** Listed while signed in. */
export const ACCOUNT_SECTION: NavSection = {
  labelKey: 'nav.sections.account',
  items: [
    { path: '/account/profile', icon: 'badge', labelKey: 'nav.profile' },
    { path: '/account/security', icon: 'security', labelKey: 'nav.security' },
    { path: '/account/qualifications', icon: 'workspace_premium', labelKey: 'nav.qualifications' },
    { path: '/dispatch/my-profile', icon: 'handyman', labelKey: 'dispatch.nav.myProfile', permissions: ['work-order:update'] },
    { path: '/expert-help', icon: 'support_agent', labelKey: 'expertHelp.nav.workbench' },
    { path: '/settlements/expert', icon: 'savings', labelKey: 'settlements.nav.expert' },
    { path: '/enterprises/register', icon: 'add_business', labelKey: 'nav.registerEnterprise' },
    { path: '/enterprises/join', icon: 'group_add', labelKey: 'nav.joinEnterprise' },
  ],
};

/** Operator work, listed while signed in; each entry only with its permission. */
export const OPERATOR_SECTION: NavSection = {
  labelKey: 'nav.sections.operator',
  items: [
    { path: '/operator-network', icon: 'account_tree', labelKey: 'nav.operatorNetwork', permissions: ['operator-node:read'] },
    { path: '/enterprises/review', icon: 'domain_verification', labelKey: 'nav.enterpriseReview', permissions: ['enterprise:review'] },
    { path: '/verification-reviews', icon: 'verified_user', labelKey: 'nav.verificationReview', permissions: ['certification:review'] },
  ],
};

/** Work orders, listed while signed in; each entry only with its permission. */
export const WORK_ORDER_SECTION: NavSection = {
  labelKey: 'workOrders.nav.section',
  items: [
    { path: '/work-orders', icon: 'assignment', labelKey: 'workOrders.nav.list', permissions: ['work-order:read'], exact: true },
    // An enterprise admin holds every work-order permission, an operator admin assigns and reviews too:
    // each desk is offered to the party whose step it is.
    {
      path: '/work-orders/new',
      icon: 'add_task',
      labelKey: 'workOrders.nav.new',
      permissions: ['work-order:create'],
      contexts: ['enterprise'],
    },
    {
      path: '/work-orders/dispatch',
      icon: 'alt_route',
      labelKey: 'workOrders.nav.dispatch',
      permissions: ['work-order:dispatch'],
      contexts: ['operator'],
    },
    {
      path: '/work-orders/provider-queue',
      icon: 'inbox',
      labelKey: 'workOrders.nav.providerQueue',
      permissions: ['work-order:assign'],
      contexts: ['enterprise'],
    },
    {
      path: '/my-tasks',
      icon: 'engineering',
      labelKey: 'workOrders.nav.myTasks',
      permissions: ['work-order:update'],
      contexts: ['enterprise'],
    },
    { path: '/knowledge', icon: 'menu_book', labelKey: 'collaboration.nav.knowledge', permissions: ['knowledge:read'] },
  ],
};

/** Administration of the active enterprise; each entry only with its permission. */
export const ORGANIZATION_SECTION: NavSection = {
  labelKey: 'nav.sections.organization',
  items: [
    { path: '/organization/departments', icon: 'lan', labelKey: 'nav.departments', permissions: ['department:read'] },
    { path: '/organization/members', icon: 'groups', labelKey: 'nav.members', permissions: ['member:read'] },
    { path: '/organization/roles', icon: 'admin_panel_settings', labelKey: 'nav.roles', permissions: ['role:read'] },
    { path: '/dispatch/provider-profile', icon: 'storefront', labelKey: 'dispatch.nav.providerProfile', permissions: ['enterprise:update'] },
    { path: '/dispatch/engineers', icon: 'engineering', labelKey: 'dispatch.nav.engineers', permissions: ['member:read'] },
  ],
};

/** The device registry, for enterprises and operators alike (each sees the devices of its scope). */
export const DEVICES_SECTION: NavSection = {
  labelKey: 'devices.nav.section',
  items: [{ path: '/devices', icon: 'precision_manufacturing', labelKey: 'devices.nav.devices', permissions: ['device:read'] }],
};

/** Spare parts (备件库存): the catalogue, warehouses and stock of the acting enterprise. */
export const INVENTORY_SECTION: NavSection = {
  labelKey: 'inventory.nav.section',
  items: [
    { path: '/inventory', icon: 'inventory_2', labelKey: 'inventory.nav.inventory', permissions: ['part:read'], contexts: ['enterprise'] },
    { path: '/my-parts', icon: 'local_shipping', labelKey: 'workOrderParts.nav.myParts', permissions: ['work-order:update'], contexts: ['enterprise'] },
  ],
};

/** Purchasing (采购): low stock, purchase requests and their approvals, purchase orders of the acting enterprise. */
export const PURCHASING_SECTION: NavSection = {
  labelKey: 'purchasing.nav.section',
  items: [{ path: '/purchasing', icon: 'shopping_cart', labelKey: 'purchasing.nav.purchasing', permissions: ['purchase-request:read'], contexts: ['enterprise'] }],
};

/** 结算: settlements, the ledger, fee schedules and evaluation reports (each entry with its permission). */
export const SETTLEMENTS_SECTION: NavSection = {
  labelKey: 'settlements.nav.section',
  items: [
    { path: '/settlements/list', icon: 'request_quote', labelKey: 'settlements.nav.settlements', permissions: ['settlement:read'] },
    { path: '/settlements/evaluations', icon: 'reviews', labelKey: 'settlements.nav.evaluations', permissions: ['work-order:read'] },
  ],
};

/** 数据分析: the dashboards of the acting scope (operators their region, enterprises their orders, engineers their own work). */
export const ANALYTICS_SECTION: NavSection = {
  labelKey: 'analytics.nav.section',
  items: [
    { path: '/analytics', icon: 'insights', labelKey: 'analytics.nav.dashboards', permissions: ['report:read'], exact: true },
    { path: '/exports', icon: 'download', labelKey: 'exports.nav.records', permissions: ['work-order:export', 'report:export'] },
    { path: '/analytics/reports', icon: 'table_chart', labelKey: 'reports.nav.reports', permissions: ['report:read'] },
  ],
};

/** The audit trail, for compliance staff (holders of audit-log:read). */
export const AUDIT_SECTION: NavSection = {
  labelKey: 'audit.nav.section',
  items: [
    { path: '/audit', icon: 'policy', labelKey: 'audit.nav.entries', permissions: ['audit-log:read'], exact: true },
    { path: '/audit/integrity', icon: 'verified', labelKey: 'audit.nav.integrity', permissions: ['audit-log:verify'] },
  ],
};

/** The sections with only the entries `can` allows (in the acting `context`); sections left empty are dropped. */
export function permittedSections(
  sections: readonly NavSection[],
  can: (permission: string) => boolean,
  context: 'enterprise' | 'operator' | null = null,
): NavSection[] {
  const fits = (item: NavItem) =>
    (!item.permissions || item.permissions.some(can)) && (!item.contexts || (context !== null && item.contexts.includes(context)));
  return sections.map((section) => ({ ...section, items: section.items.filter(fits) })).filter((section) => section.items.length > 0);
}
