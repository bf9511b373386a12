// The cross-tenant sweep, generated from the running application's route inventory: every REST route
// with a path parameter and every GraphQL root field with an ID argument, called by the people of
// another world (another province's operators, another enterprise, a plain signed-in person) with the
// ids of this world's rows. Each answers 404 (403 only when the caller's roles grant no rule at all for
// the route's permission) and appends nothing. A new route whose parameters the sweep cannot fill, or
// whose body it does not know, fails the spec by name: it must be added to the tables below.
import { randomUUID } from 'node:crypto';
import { expertHelp, expertHelpStream, expertPayout, expertPayoutStream, SECURITY_LOG_CATEGORY, settlement, settlementStream, slaAlertKey, slaStream, workOrderStream } from '@kuaige/domain';
import { categoryOf, type EventStore } from '@kuaige/eventsourcing';
import type { ReadModelStore } from '@kuaige/projections';
import { builtInRole, jurisdictionOf } from '@kuaige/tenancy';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, isObjectType } from 'graphql';
import { jpegFile, pdfFile } from '../blobs/testing/files';
import { AggregateStreams, EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { NOTIFICATIONS_COLLECTION } from '../notifications/read-models/notifications.projections';
import { SlaClocks } from '../sla/application/sla-clocks';
import { Settlements } from '../settlements/application/settlements';
import { ALERTS_COLLECTION, alertIdOf } from '../sla/read-models/sla.projections';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { routeInventory, type InventoryEntry } from '../http/route-inventory';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { actFor, enterpriseWithAdmin, freshUscc, nationalRoot, nodeWithAdmin, signUp, staffOf, type Person } from './testing/tenancy-app';

/** World A's rows, whose ids world B's people send. */
interface WorldA {
  /** Enterprise A, approved, holding the rows below. */
  readonly enterpriseId: string;
  /** Another enterprise of A's county, still waiting for review. */
  readonly pendingEnterpriseId: string;
  readonly provinceNodeId: string;
  readonly cityNodeId: string;
  readonly countyNodeId: string;
  /** Operator staff of the city node (not its admin). */
  readonly staffUserId: string;
  readonly departmentId: string;
  readonly roleId: string;
  /** An active employee of enterprise A. */
  readonly employeeId: string;
  /** Asked to join enterprise A; not yet approved. */
  readonly applicantId: string;
  /** Invited to enterprise A by phone; not yet accepted. */
  readonly inviteeId: string;
  readonly blobId: string;
  readonly blobSize: number;
  /** Real-name verification of a person in A's county. */
  readonly reviewId: string;
  /** The ID card photos of that application (files its applicant uploaded). */
  readonly idPhotos: readonly { side: string; blobId: string; mediaType: string; size: number }[];
  /** A session of A's enterprise admin. */
  readonly sessionId: string;
  /** A device of an equipment user of A's county, the token its QR label carries, and a work order raised for it. */
  readonly deviceId: string;
  readonly deviceQrToken: string;
  readonly workOrderId: string;
  /** The breach alert of A's work order. */
  readonly alertId: string;
  /** An expert help on A's work order between A's employee and the verified person. */
  readonly helpId: string;
  /** A draft repair plan of enterprise A (a provider). */
  readonly knowledgeEntryId: string;
  /** A notification of A's work order, in one of A's operators' inboxes. */
  readonly notificationId: string;
  /** Enterprise A's spare parts: a category, a part, a warehouse, a receipt in inspection, a requested issue, a transfer in transit. */
  readonly inventory: { readonly categoryCode: string; readonly partId: string; readonly warehouseId: string; readonly receiptId: string; readonly issueId: string; readonly transferId: string };
  /** A stock-take session of A's central warehouse, open. */
  readonly stockTakeId: string;
  /** The audit entry of A's work order's first event. */
  readonly auditEntryId: string;
  /** Enterprise A's purchasing: a request waiting for approval, an order placed for an approved one. */
  readonly purchasing: { readonly requestId: string; readonly orderId: string };
  /** A requested withdrawal of an expert in A's county. */
  readonly withdrawalId: string;
  /** A fee schedule drafted by A's city node; a settlement of A's work order with a dispute raised by A. */
  readonly settlements: { readonly scheduleId: string; readonly settlementId: string; readonly disputeId: string };
  /** A private custom report of A's admin, and an export A's admin asked for. */
  readonly reportId: string;
  readonly exportId: string;
}

/** What the bodies of B's requests are made of: B's own things, so that only authorization refuses. */
interface WorldB {
  readonly stranger: Person;
  readonly licence: { blobId: string; mediaType: string; size: number };
  readonly enterpriseId: string;
  readonly admin: Person;
  /** An active employee of enterprise B. */
  readonly employeeId: string;
  /** An open invitation link of enterprise B. */
  readonly invitationToken: string;
}

interface Caller {
  readonly label: string;
  readonly person: Person;
  /** Role keys held in the acting context ([] without one). */
  readonly roles: readonly string[];
  /** The enterprise or node the caller acts for: the parent it may address, holding A's child rows. */
  readonly own: { readonly enterpriseId?: string; readonly nodeId?: string };
}

/** One of A's ids, with what it is (for the printed table). */
interface Fill {
  readonly id: string;
  readonly what: string;
}
type Filler = (a: WorldA, path: string) => readonly Fill[] | undefined;

const enterprisesOf = (a: WorldA): Fill[] => [
  { id: a.enterpriseId, what: 'A enterprise' },
  { id: a.pendingEnterpriseId, what: 'A pending enterprise' },
];
const nodesOf = (a: WorldA): Fill[] => [
  { id: a.provinceNodeId, what: 'A province node' },
  { id: a.cityNodeId, what: 'A city node' },
  { id: a.countyNodeId, what: 'A county node' },
];

/**
 * Path parameter → world A's ids of that kind (a route is called once per combination). A parameter
 * missing here, or a route its filler does not know, fails the sweep by route.
 */
const PARAMETER_FILLERS: Record<string, Filler> = {
  // Rows inside an enterprise are A's approved one's; the enterprise alone is also tried pending.
  enterpriseId: (a, path) => (parametersOf(path).length > 1 ? enterprisesOf(a).slice(0, 1) : enterprisesOf(a)),
  // The staff member is the city node's; the node alone is tried at every level of A's chain.
  nodeId: (a, path) => (parametersOf(path).includes('userId') ? nodesOf(a).slice(1, 2) : nodesOf(a)),
  departmentId: (a) => [{ id: a.departmentId, what: 'A department' }],
  roleId: (a) => [{ id: a.roleId, what: 'A custom role' }],
  // No record of A's order is needed: the order itself is out of B's scope.
  recordId: (_a, path) => (path.startsWith('/api/v1/work-orders/') ? [{ id: 'record-of-a', what: 'a record of A’s work order' }] : undefined),
  userId: (a, path) => {
    if (path.startsWith('/api/v1/operator-nodes/')) return [{ id: a.staffUserId, what: 'A city staff' }];
    if (path.endsWith('/members/:userId/approve')) return [{ id: a.applicantId, what: 'A applicant' }];
    if (path.endsWith('/members/:userId/decline')) return [{ id: a.inviteeId, what: 'A invitee' }];
    if (path.startsWith('/api/v1/enterprises/')) return [{ id: a.employeeId, what: 'A employee' }];
    if (path.startsWith('/api/v1/engineers/')) return [{ id: a.employeeId, what: 'A employee' }];
    return undefined;
  },
  id: (a, path) => {
    if (path.startsWith('/api/v1/verification-reviews/')) return [{ id: a.reviewId, what: 'A county real-name review' }];
    if (path.startsWith('/api/v1/reports/')) return [{ id: a.reportId, what: 'A admin’s report' }];
    if (path.startsWith('/api/v1/exports/')) return [{ id: a.exportId, what: 'A admin’s export' }];
    if (path.startsWith('/api/v1/blobs/')) return [{ id: a.blobId, what: 'A admin’s file' }];
    if (path.startsWith('/api/v1/auth/sessions/')) return [{ id: a.sessionId, what: 'A admin’s session' }];
    if (path.startsWith('/api/v1/devices/')) return [{ id: a.deviceId, what: 'A device' }];
    if (path.startsWith('/api/v1/work-orders/')) return [{ id: a.workOrderId, what: 'A work order' }];
    if (path.startsWith('/api/v1/alerts/')) return [{ id: a.alertId, what: 'A work order’s breach alert' }];
    if (path.startsWith('/api/v1/expert-help/')) return [{ id: a.helpId, what: 'A work order’s expert help' }];
    if (path.startsWith('/api/v1/knowledge/entries/')) return [{ id: a.knowledgeEntryId, what: 'A draft knowledge entry' }];
    if (path.startsWith('/api/v1/me/notifications/')) return [{ id: a.notificationId, what: 'A operator’s notification' }];
    if (path.startsWith('/api/v1/purchasing/requests/')) return [{ id: a.purchasing.requestId, what: 'A pending purchase request' }];
    if (path.startsWith('/api/v1/purchasing/orders/')) return [{ id: a.purchasing.orderId, what: 'A placed purchase order' }];
    if (path.startsWith('/api/v1/inventory/parts/')) return [{ id: a.inventory.partId, what: 'A part' }];
    if (path.startsWith('/api/v1/inventory/warehouses/')) return [{ id: a.inventory.warehouseId, what: 'A warehouse' }];
    if (path.startsWith('/api/v1/inventory/receipts/')) return [{ id: a.inventory.receiptId, what: 'A receipt in inspection' }];
    if (path.startsWith('/api/v1/inventory/issues/')) return [{ id: a.inventory.issueId, what: 'A requested issue' }];
    if (path.startsWith('/api/v1/inventory/transfers/')) return [{ id: a.inventory.transferId, what: 'A transfer in transit' }];
    if (path.startsWith('/api/v1/inventory/stock-takes/')) return [{ id: a.stockTakeId, what: 'A stock-take session' }];
    if (path.startsWith('/api/v1/inventory/documents/'))
      return [
        { id: a.inventory.receiptId, what: 'A receipt' },
        { id: a.inventory.issueId, what: 'A issue' },
        { id: a.inventory.transferId, what: 'A transfer' },
      ];
    if (path.startsWith('/api/v1/audit/entries/')) return [{ id: a.auditEntryId, what: 'A work order’s audit entry' }];
    return undefined;
  },
  withdrawalId: (a, path) => (path.startsWith('/api/v1/expert-withdrawals/') ? [{ id: a.withdrawalId, what: 'A county expert’s withdrawal' }] : undefined),
  scheduleId: (a) => [{ id: a.settlements.scheduleId, what: 'A city’s fee schedule' }],
  settlementId: (a) => [{ id: a.settlements.settlementId, what: 'A work order’s settlement' }],
  disputeId: (a) => [{ id: a.settlements.disputeId, what: 'A settlement’s dispute' }],
  // A category is addressed by its code within the caller's own enterprise: A's code names nothing of B's.
  code: (a, path) => (path.startsWith('/api/v1/inventory/categories/') ? [{ id: a.inventory.categoryCode, what: 'A category code' }] : undefined),
  stream: (a, path) => (path.startsWith('/api/v1/audit/entities/') ? [{ id: workOrderStream(a.workOrderId), what: 'A work order’s history' }] : undefined),
  token: (a, path) => (path.startsWith('/api/v1/devices/qr/') ? [{ id: a.deviceQrToken, what: 'A device’s QR token' }] : undefined),
};

/** Every combination of A's ids for the route's parameters, `fixed` ones (B's own parent) kept as given. */
const fillings = (a: WorldA, path: string, fixed: Record<string, Fill> = {}): { url: string; what: string }[] =>
  parametersOf(path)
    .reduce<Record<string, Fill>[]>((combos, name) => combos.flatMap((c) => (fixed[name] ? [fixed[name]] : PARAMETER_FILLERS[name]!(a, path)!).map((f) => ({ ...c, [name]: f }))), [{}])
    .map((combo) => ({
      url: Object.entries(combo).reduce((url, [name, f]) => url.replace(`:${name}`, encodeURIComponent(f.id)), path),
      what: Object.values(combo).map((f) => f.what).join(', '),
    }));

const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');

/** Valid bodies of the work-order steps: B's own provider, so that only A's order being out of scope refuses them. */
const record = { steps: '越权记录', parts: [{ name: '阀', quantity: 1, unit: '个' }] };
const workOrderBodies: Record<string, (b: WorldB) => object> = Object.fromEntries(
  Object.entries({
    review: { decision: 'approve' },
    dispatch: { providerId: 'B' },
    return: { reason: '越权退回' },
    accept: {},
    assign: { engineerId: 'B' },
    'engineer-accept': {},
    'engineer-decline': { reason: '越权' },
    start: {},
    progress: { note: '越权进度' },
    records: record,
    pause: { reason: 'awaiting-parts' },
    resume: {},
    complete: {},
    receipt: { summary: '越权回单' },
    'receipt/approve': {},
    'receipt/reject': { reason: '越权' },
    'receipt/report': {},
    evaluations: { score: 1 },
    'warranty-judgement': { judgement: 'out-of-warranty' },
    cancel: { reason: '越权取消' },
    reopen: { reason: '越权重开' },
    priority: { priority: 'low' },
    'missing-parts': { lines: [{ partId: 'part-of-b', warehouseId: 'van-of-b', quantity: 1 }] },
  }).map(([step, body]) => [`POST /api/v1/work-orders/:id/${step}`, (b: WorldB) => (step === 'dispatch' ? { providerId: b.enterpriseId } : step === 'assign' ? { engineerId: b.employeeId } : body)]),
);
workOrderBodies['PUT /api/v1/work-orders/:id/records/:recordId'] = () => record;

/** A repair plan, and the review steps of a knowledge entry. */
const knowledgePlan = { title: '越权方案', deviceType: 'cnc-machine', faultType: 'mechanical', steps: ['越权步骤'] };
const knowledgeBodies: Record<string, (b: WorldB) => object> = {
  'PUT /api/v1/knowledge/entries/:id': () => knowledgePlan,
  'POST /api/v1/knowledge/entries/:id/propose': () => ({}),
  'POST /api/v1/knowledge/entries/:id/approve': () => ({}),
  'POST /api/v1/knowledge/entries/:id/reject': () => ({ reason: '越权驳回' }),
  'POST /api/v1/knowledge/entries/:id/publish': () => ({}),
  'POST /api/v1/knowledge/entries/:id/retire': () => ({ reason: '越权下架' }),
};

/** A valid body per state-changing route (GET and DELETE send none unless listed). */
const BODIES: Record<string, (b: WorldB) => object> = {
  'PUT /api/v1/reports/:id': () => ({ name: '越权改名', dimensions: ['region'], measures: ['requests'], chart: 'bar' }),
  'PUT /api/v1/reports/:id/schedule': () => ({ schedule: { frequency: 'daily', time: '08:30' } }),
  'POST /api/v1/reports/:id/share': () => ({}),
  'POST /api/v1/reports/:id/unshare': () => ({}),
  'POST /api/v1/expert-withdrawals/:withdrawalId/approve': () => ({}),
  'POST /api/v1/expert-withdrawals/:withdrawalId/reject': () => ({ reason: '越权审批' }),
  'POST /api/v1/fee-schedules/:scheduleId/publish': () => ({}),
  'POST /api/v1/settlements/:settlementId/disputes': () => ({ lineId: 'travel', reason: '越权' }),
  'POST /api/v1/settlements/:settlementId/disputes/:disputeId/answer': () => ({ answer: '越权' }),
  'POST /api/v1/settlements/:settlementId/disputes/:disputeId/arbitrate': () => ({ decision: 'dismissed', note: '越权' }),
  'POST /api/v1/settlements/:settlementId/confirm': () => ({}),
  'POST /api/v1/settlements/:settlementId/pay': () => ({ method: 'bank-transfer' }),
  'POST /api/v1/settlements/:settlementId/invoice': () => ({ title: '越权', taxNumber: '91440300MA5G9X8K1B' }),
  'POST /api/v1/settlements/:settlementId/close': () => ({}),
  'POST /api/v1/settlements/:settlementId/cancel': () => ({ reason: '越权' }),
  'POST /api/v1/me/notifications/:id/read': () => ({}),
  'POST /api/v1/enterprises/:enterpriseId/approve': () => ({}),
  'POST /api/v1/enterprises/:enterpriseId/reject': () => ({ opinion: '越权审核' }),
  'POST /api/v1/enterprises/:enterpriseId/resubmit': (b) => ({
    type: 'service-provider',
    name: '渗透企业',
    uscc: freshUscc('330106'),
    address: { countyCode: '330106', line: '文三路 1 号' },
    licence: b.licence,
  }),
  'POST /api/v1/enterprises/:enterpriseId/departments': () => ({ name: '渗透部' }),
  'PATCH /api/v1/enterprises/:enterpriseId/departments/:departmentId': () => ({ name: '改名部' }),
  'POST /api/v1/enterprises/:enterpriseId/invitations': () => ({}),
  'PATCH /api/v1/enterprises/:enterpriseId/members/:userId': () => ({ roles: ['member'] }),
  'POST /api/v1/enterprises/:enterpriseId/members/:userId/approve': () => ({ roles: ['member'] }),
  'POST /api/v1/enterprises/:enterpriseId/members/:userId/decline': () => ({ reason: '越权' }),
  'POST /api/v1/enterprises/:enterpriseId/members/:userId/departure': () => ({ reason: '挖角' }),
  'PUT /api/v1/enterprises/:enterpriseId/members/:userId/overrides': () => ({ overrides: [] }),
  'POST /api/v1/enterprises/:enterpriseId/members/import': (b) => ({ fileName: '员工.csv', contentBase64: csv(['手机号,姓名', `${b.stranger.phone},张三`]) }),
  'POST /api/v1/enterprises/:enterpriseId/roles': () => ({ name: '渗透角色', permissions: ['department:read'] }),
  'PATCH /api/v1/enterprises/:enterpriseId/roles/:roleId': () => ({ name: '改名角色' }),
  'PATCH /api/v1/operator-nodes/:nodeId': () => ({ name: '改名节点' }),
  'POST /api/v1/operator-nodes/:nodeId/suspend': () => ({ reason: '越权停用' }),
  'POST /api/v1/operator-nodes/:nodeId/reactivate': () => ({}),
  'POST /api/v1/operator-nodes/:nodeId/staff': (b) => ({ phone: b.stranger.phone, roles: ['operator-staff'] }),
  'POST /api/v1/verification-reviews/:id/approve': () => ({}),
  'POST /api/v1/verification-reviews/:id/reject': () => ({ opinion: '越权驳回' }),
  'POST /api/v1/verification-reviews/:id/revoke': () => ({ opinion: '越权撤销' }),
  'PATCH /api/v1/devices/:id': () => ({ name: '改名设备' }),
  'POST /api/v1/alerts/:id/acknowledge': () => ({}),
  'POST /api/v1/work-orders/:id/expert-help': (b) => ({ expertId: b.employeeId, fieldCode: '数控系统', question: '越权求助' }),
  'POST /api/v1/expert-help/:id/accept': () => ({}),
  'POST /api/v1/expert-help/:id/decline': () => ({ reason: '越权' }),
  'POST /api/v1/expert-help/:id/close': () => ({ summary: '越权关闭' }),
  'POST /api/v1/expert-help/:id/rating': () => ({ score: 1 }),
  'POST /api/v1/expert-help/:id/read': () => ({ upToMessageId: 'message-of-a' }),
  'POST /api/v1/expert-help/:id/messages': () => ({ text: '越权插话' }),
  'POST /api/v1/devices/:id/sale': (b) => ({ ownerId: b.enterpriseId, soldOn: '2026-01-01' }),
  'POST /api/v1/devices/:id/status': () => ({ status: 'idle' }),
  'POST /api/v1/devices/:id/retire': () => ({ reason: '越权报废' }),
  ...workOrderBodies,
  'PATCH /api/v1/inventory/categories/:code': () => ({ name: '改名分类' }),
  'PATCH /api/v1/inventory/parts/:id': () => ({ name: '改名配件' }),
  'PATCH /api/v1/inventory/warehouses/:id': () => ({ name: '改名仓库' }),
  'POST /api/v1/inventory/receipts/:id/shelve': () => ({ acceptedQuantity: 1 }),
  'POST /api/v1/inventory/issues/:id/approve': () => ({}),
  'POST /api/v1/inventory/issues/:id/reject': () => ({ reason: '越权驳回' }),
  'POST /api/v1/inventory/issues/:id/pick': () => ({}),
  'POST /api/v1/inventory/issues/:id/deliver': () => ({}),
  'POST /api/v1/inventory/issues/:id/cancel': () => ({ reason: '越权取消' }),
  'POST /api/v1/inventory/transfers/:id/receive': () => ({}),
  'POST /api/v1/purchasing/requests/:id/approve': () => ({ level: 1 }),
  'POST /api/v1/purchasing/requests/:id/reject': () => ({ reason: '越权驳回' }),
  'POST /api/v1/purchasing/orders/:id/receive': (b) => ({ lines: [{ partId: b.enterpriseId, warehouseId: b.enterpriseId, quantity: 1 }] }),
  'POST /api/v1/inventory/stock-takes/:id/counts': () => ({ counts: [{ partId: 'P-of-B', countedQuantity: 1 }] }),
  'POST /api/v1/inventory/stock-takes/:id/submit': () => ({}),
  'POST /api/v1/inventory/stock-takes/:id/approve': () => ({}),
  'POST /api/v1/inventory/stock-takes/:id/cancel': () => ({ reason: '越权取消' }),
  'PUT /api/v1/providers/:enterpriseId/profile': () => ({ deviceTypes: ['cnc-machine'], faultTypes: ['electrical'], serviceRegions: ['33'], base: null, capacity: 5 }),
  ...knowledgeBodies,
  'POST /api/v1/work-orders/:id/comments': () => ({ text: '越权评论', visibility: 'shared' }),
  'POST /api/v1/work-orders/:id/appointment/proposals': () => ({ slots: [{ start: '2030-01-02T09:00:00+08:00', end: '2030-01-02T11:00:00+08:00' }], place: '越权上门' }),
  'POST /api/v1/work-orders/:id/appointment/confirm': () => ({ slotStart: '2030-01-02T09:00:00+08:00' }),
  'POST /api/v1/work-orders/:id/appointment/reschedule-request': () => ({ reason: '越权改约' }),
  'POST /api/v1/work-orders/:id/return-visit': () => ({ outcome: 'resolved', satisfaction: 5 }),
  'PUT /api/v1/engineers/:enterpriseId/:userId/profile': () => ({ deviceTypes: ['cnc-machine'], faultTypes: [], fields: [], level: 'junior', yearsOfExperience: 1, base: null, available: true }),
};

/** Routes whose point is to address another tenant's row; each says why it is not swept. */
const CROSS_TENANT_BY_DESIGN: Record<string, string> = {
  // Checked apart below: a pending enterprise answers as an unknown id does.
  'POST /api/v1/enterprises/:enterpriseId/join-requests': 'asking to join an enterprise one does not belong to is what the route is for',
  // The platform's one log: a digest or a verification run covers every tenant's events at once and
  // holds none of their data (positions, hashes, counts), so every holder of audit-log:verify sees all.
  'GET /api/v1/audit/digests/:id': 'a digest signs the head of the whole platform log, no tenant’s data',
  'GET /api/v1/audit/verifications/:id': 'a verification run checks the whole platform log, no tenant’s data',
};

/** GraphQL root fields with an ID argument: the operation, and world A's ids to send as $id. */
const GRAPHQL_CASES: Record<string, { readonly query: string; readonly ids: (a: WorldA) => Fill[] }> = {
  operatorNode: { query: 'query($id: ID!) { operatorNode(id: $id) { id name } }', ids: nodesOf },
  enterprise: { query: 'query($id: ID!) { enterprise(id: $id) { id status } }', ids: enterprisesOf },
  approveEnterprise: { query: 'mutation($id: ID!) { approveEnterprise(id: $id) { id } }', ids: enterprisesOf },
  rejectEnterprise: { query: 'mutation($id: ID!) { rejectEnterprise(id: $id, review: { opinion: "越权驳回" }) { id } }', ids: enterprisesOf },
  workOrder: { query: 'query($id: ID!) { workOrder(id: $id) { id status } }', ids: (a) => [{ id: a.workOrderId, what: 'A work order' }] },
};

/** A's ids outside the path (body, query string) on routes that take them: each call, per A row. */
const OUT_OF_PATH_CASES: Record<string, (a: WorldA) => { what: string; query?: Record<string, string>; body?: object }[]> = {
  'POST /api/v1/me/context': (a) => [
    ...enterprisesOf(a).map((f) => ({ what: f.what, body: { kind: 'enterprise', id: f.id } })),
    ...nodesOf(a).map((f) => ({ what: f.what, body: { kind: 'operator', id: f.id } })),
  ],
  'GET /api/v1/operator-tree': () => ['44', '4403', '440305'].map((parent) => ({ what: `A division ${parent}`, query: { parent } })),
  'POST /api/v1/knowledge/entries': (a) => [{ what: 'A work order', body: { ...knowledgePlan, workOrderId: a.workOrderId } }],
  'POST /api/v1/inventory/receipts': (a) => [{ what: 'A warehouse and part', body: { warehouseId: a.inventory.warehouseId, partId: a.inventory.partId, quantity: 1, unitCostFen: 100 } }],
  'POST /api/v1/inventory/adjustments': (a) => [{ what: 'A warehouse and part', body: { warehouseId: a.inventory.warehouseId, partId: a.inventory.partId, delta: -1, reason: '越权调整' } }],
  'POST /api/v1/work-orders': (a) => [
    { what: 'A device', body: { deviceId: a.deviceId, fault: { type: 'mechanical', description: '越权报修，设备不是我的' }, contact: { name: '李四', phone: '13900139000' } } },
  ],
};

/** Parameters naming the tenant a route addresses; the others name rows inside it. */
const PARENT_PARAMETERS = ['enterpriseId', 'nodeId'] as const;

const parametersOf = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
const routeKey = (e: InventoryEntry) => `${e.method} ${e.path}`;
const swept = (e: InventoryEntry) => e.access?.kind === 'permission' || e.access?.kind === 'authenticated';

/** The oracle: 403 when the caller's roles grant no rule for the permission, otherwise 404. */
const expectedStatus = (caller: Caller, entry: InventoryEntry): 403 | 404 => {
  const access = entry.access!;
  if (access.kind !== 'permission') return 404;
  return caller.roles.some((key) => builtInRole(key)?.permissions.some((p) => p === access.permission)) ? 404 : 403;
};

/** A GraphQL answer's status: the guard's HttpException travels in extensions.originalError. */
const graphqlStatus = (body: { errors?: { extensions?: { originalError?: { statusCode?: number } } }[] }): number =>
  body.errors?.length ? (body.errors[0]!.extensions?.originalError?.statusCode ?? 500) : 200;

/** The key A's admin created A's department with; B sending it again must not be answered as A was. */
const DEPARTMENT_KEY = `cross-tenant-${randomUUID()}`;

/** One cell of the sweep: what was answered and what the request appended to the log. */
interface Measured {
  readonly status: number;
  readonly body: unknown;
  readonly appended: readonly string[];
}

const measure = async (events: EventStore, send: () => Promise<{ status: number; body: unknown }>): Promise<Measured> => {
  const before = await events.headPosition();
  const res = await send();
  const appended: string[] = [];
  // Two writes any request may leave, whatever it asks: the refusal's security event (AccessDenied in
  // SecurityLog-<user>, the audit trail's by design) and the session's activity mark, written at most
  // once a minute (a sweep on a busy machine runs longer than that). Nothing else may be appended.
  for await (const e of events.readAll({ after: before }))
    if (categoryOf(e.streamId) !== SECURITY_LOG_CATEGORY && e.type !== 'SessionActivityRecorded') appended.push(`${e.type} on ${e.streamId}`);
  return { status: res.status, body: res.body, appended };
};

/** The table row of a cell, and the complaint when it is not what the oracle says. */
const judge = (label: string, want: number, got: Measured, cells: string[], wrong: string[]) => {
  const cell = `${label} | ${got.status}${got.appended.length ? ` | appended ${got.appended.join(', ')}` : ''}`;
  cells.push(cell);
  if (got.status !== want || got.appended.length > 0) wrong.push(`${cell} (expected ${want}, nothing appended): ${JSON.stringify(got.body).slice(0, 300)}`);
};

/** Lets A's order go overdue (its clock checked a month on, through the real SLA command side): its breach alert's id. */
/** An expert of A's county with an earning and a requested withdrawal, recorded through the payout decider. */
const expertWithdrawalOf = async (t: IdentityApp, expertId: string): Promise<string> => {
  const withdrawalId = randomUUID();
  const at = t.clock.now().toISOString();
  const context = { actor: { userId: expertId }, tenantIds: [], jurisdiction: jurisdictionOf('440305') };
  const streams = t.app.get(AggregateStreams);
  await streams.handle(expertPayoutStream(expertId), { type: 'CreditExpertEarning', data: { expertId, helpId: randomUUID(), workOrderId: randomUUID(), grossFen: 10_000, platformFeeRateBp: null, at } }, expertPayout, context);
  const payee = { method: 'alipay' as const, accountName: 'A 专家', accountNumberEncrypted: 'enc:v1:spec', accountNumberMasked: '**** 0001' };
  const rules = { minimumFen: 100, monthlyMaximumFen: null };
  await streams.handle(expertPayoutStream(expertId), { type: 'RequestExpertWithdrawal', data: { expertId, withdrawalId, amountFen: 5_000, payee, rules, by: expertId, at } }, expertPayout, context);
  return withdrawalId;
};

/** A fee schedule of A's city node and a settlement of A's order with A's dispute, through their deciders. */
const settlementRowsOf = async (t: IdentityApp, workOrderId: string, enterpriseId: string, adminUserId: string, cityNodeId: string, operatorUserId: string) => {
  const settlements = t.app.get(Settlements);
  const at = t.clock.now().toISOString();
  const scheduleId = randomUUID();
  const operator = { kind: 'operator' as const, nodeId: cityNodeId, regionCode: '4403', userId: operatorUserId };
  await settlements.handleSchedule(
    scheduleId,
    { type: 'DraftFeeSchedule', data: { scheduleId, operatorNodeId: cityNodeId, jurisdiction: jurisdictionOf('4403'), effectiveFrom: at.slice(0, 10), labourRates: [], travelBands: [], platformFeeRateBp: 500, by: operator, at } },
    { actor: { userId: operatorUserId, operatorNodeId: cityNodeId }, tenantIds: [], jurisdiction: [] },
  );
  const settlementId = randomUUID();
  const line = { lineId: 'travel', kind: 'travel' as const, description: '上门费', quantity: 1, unitFen: 5_000, amountFen: 5_000, payer: 'equipment-user' as const, payerId: enterpriseId, payee: 'provider' as const, payeeId: 'provider-of-a' };
  const parties = { equipmentUserId: enterpriseId, manufacturerId: null, providerId: 'provider-of-a' };
  const context = { actor: { userId: adminUserId, enterpriseId }, tenantIds: [enterpriseId, 'provider-of-a'], jurisdiction: jurisdictionOf('440305') };
  const streams = t.app.get(AggregateStreams);
  await streams.handle(
    settlementStream(settlementId),
    { type: 'CreateSettlement', data: { settlementId, workOrderId, workOrderNumber: 'WO-A', scheduleId, rates: { platformFeeRateBp: 0, expertFeeRateBp: 0 }, parties, jurisdiction: jurisdictionOf('440305'), lines: [line], trigger: 'evaluated', at } },
    settlement,
    context,
  );
  const disputeId = randomUUID();
  await streams.handle(settlementStream(settlementId), { type: 'RaiseSettlementDispute', data: { disputeId, lineId: 'travel', reason: 'A 的异议', by: { kind: 'enterprise', enterpriseId, userId: adminUserId }, at } }, settlement, context);
  return { scheduleId, settlementId, disputeId };
};

/** A help on A's order recorded through its decider, with the facts its handler would have read. */
const expertHelpOf = async (t: IdentityApp, workOrderId: string, providerId: string, engineerId: string, expertId: string): Promise<string> => {
  const helpId = randomUUID();
  await t.app.get(AggregateStreams).handle(
    expertHelpStream(helpId),
    {
      type: 'RequestExpertHelp',
      data: {
        helpId,
        workOrderId,
        by: engineerId,
        byEnterpriseId: providerId,
        workOrder: { status: 'in-progress', providerId, assigneeId: engineerId },
        expert: { expertId, certified: true, fields: ['数控系统'], tariffFen: 10_000, available: true },
        fieldCode: '数控系统',
        question: 'A 的求助',
        attachmentBlobIds: [],
        at: t.clock.now().toISOString(),
      },
    },
    expertHelp,
    { actor: { userId: engineerId, enterpriseId: providerId }, tenantIds: [providerId], jurisdiction: jurisdictionOf('440305') },
  );
  return helpId;
};

/** The first notification raised for the work order (its operators are told of the new request). */
const notificationOf = async (t: IdentityApp, workOrderId: string): Promise<string> => {
  const notifications = t.app.get<ReadModelStore>(READ_MODEL_STORE).collection(NOTIFICATIONS_COLLECTION);
  for (let tries = 0; ; tries++) {
    const found = await notifications.findOne({ subjectId: workOrderId });
    if (found) return found._id;
    if (tries > 400) throw new Error(`no notification raised for ${workOrderId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const breachAlertOf = async (t: IdentityApp, workOrderId: string): Promise<string> => {
  const events = t.app.get<EventStore>(EVENT_STORE);
  for (let tries = 0; (await events.readStream(slaStream(workOrderId))).length === 0; tries++) {
    if (tries > 400) throw new Error(`no SLA clock started for ${workOrderId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
  await t.app.get(SlaClocks).handle({ type: 'CheckSlaDeadline', data: { workOrderId, escalateTo: null, at } }, { commandId: randomUUID(), actor: { userId: 'system:sla' } });
  const alertId = alertIdOf(workOrderId, slaAlertKey('response', 'breach'));
  const alerts = t.app.get<ReadModelStore>(READ_MODEL_STORE).collection(ALERTS_COLLECTION);
  for (let tries = 0; !(await alerts.findOne({ _id: alertId })); tries++) {
    if (tries > 400) throw new Error(`the alert ${alertId} was not projected`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return alertId;
};

describe('another tenant’s ids, on every endpoint that takes one', () => {
  let t: IdentityApp;
  let events: EventStore;
  let a: WorldA;
  let b: WorldB;
  let callers: Caller[];
  let inventory: InventoryEntry[];

  beforeAll(async () => {
    t = await startIdentityApp({ GRAPHQL_REQUESTS_PER_MINUTE: '1000000' });
    events = t.app.get(EVENT_STORE);
    inventory = routeInventory(t.app);
    const root = await nationalRoot(t);

    // World A: Guangdong → Shenzhen → Nanshan, enterprise A in Nanshan with its rows.
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const nanshan = await nodeWithAdmin(t, shenzhen.admin, '440305');
    const shenzhenStaff = await staffOf(t, shenzhen.admin, shenzhen.nodeId, ['operator-staff']);
    const enterpriseA = await enterpriseWithAdmin(t, '440305', 'service-provider');
    await t.http().post(`/api/v1/enterprises/${enterpriseA.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    const pendingA = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    const base = `/api/v1/enterprises/${enterpriseA.enterpriseId}`;
    const department = await t.http().post(`${base}/departments`).set(bearer(enterpriseA.admin)).set('Idempotency-Key', DEPARTMENT_KEY).send({ name: '售后服务部' }).expect(201);
    const role = await t.http().post(`${base}/roles`).set(bearer(enterpriseA.admin)).send({ name: '调度员', permissions: ['department:read'] }).expect(201);
    const employee = await signUp(t);
    await t.http().post(`${base}/join-requests`).set(bearer(employee)).expect(201);
    await t.http().post(`${base}/members/${employee.userId}/approve`).set(bearer(enterpriseA.admin)).send({ roles: ['member'] }).expect(200);
    const applicant = await signUp(t);
    await t.http().post(`${base}/join-requests`).set(bearer(applicant)).expect(201);
    const invitee = await signUp(t);
    await t.http().post(`${base}/invitations`).set(bearer(enterpriseA.admin)).send({ phone: invitee.phone }).expect(201);
    const fileA = pdfFile('world A');
    const blob = await t.http().post('/api/v1/blobs').set(bearer(enterpriseA.admin)).set('content-type', 'application/pdf').send(fileA).expect(201);
    const verified = await signUp(t);
    const photos = [];
    for (const side of ['front', 'back']) {
      const file = jpegFile(2_000 + photos.length);
      const uploaded = await t.http().post('/api/v1/blobs').set(bearer(verified)).set('content-type', 'image/jpeg').send(file).expect(201);
      photos.push({ side, blobId: uploaded.body.blobId as string, mediaType: 'image/jpeg', size: file.length });
    }
    await t.http().post('/api/v1/me/real-name').set(bearer(verified)).send({ realName: '李雷', idNumber: '11010519491231002X', photos, countyCode: '440305' }).expect(201);
    const deviceOwnerA = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    await t.http().post(`/api/v1/enterprises/${deviceOwnerA.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    const deviceA = await t
      .http()
      .post('/api/v1/devices')
      .set(bearer(deviceOwnerA.admin))
      .send({ number: 'A-001', name: '空压机', model: 'GA-37', type: 'air-compressor', countyCode: '440305', address: '南山区 1 号', soldOn: '2026-01-01' })
      .expect(201);
    const orderA = await t
      .http()
      .post('/api/v1/work-orders')
      .set(bearer(deviceOwnerA.admin))
      .send({ deviceId: deviceA.body.id, fault: { type: 'mechanical', description: '开机后压力上不去，伴有异响' }, contact: { name: '张工', phone: '13800138000' } })
      .expect(201);
    const inv = (path: string, body: object) => t.http().post(`/api/v1/inventory${path}`).set(bearer(enterpriseA.admin)).send(body);
    await inv('/categories', { code: 'XT', name: '密封件' }).expect(201);
    const partA = await inv('/parts', { categoryCode: 'XT', name: 'O 形圈', unit: 'pcs' }).expect(201);
    const warehouseA = await inv('/warehouses', { name: 'A 中心仓', kind: 'central' }).expect(201);
    const otherWarehouseA = await inv('/warehouses', { name: 'A 现场仓', kind: 'site' }).expect(201);
    const onStock = { warehouseId: warehouseA.body.id, partId: partA.body.id };
    const shelvedA = await inv('/receipts', { ...onStock, quantity: 5, unitCostFen: 300 }).expect(201);
    await inv(`/receipts/${shelvedA.body.id}/shelve`, { acceptedQuantity: 5 }).expect(200);
    const receiptA = await inv('/receipts', { ...onStock, quantity: 2, unitCostFen: 300 }).expect(201);
    const issueA = await inv('/issues', { ...onStock, quantity: 1, recipient: { kind: 'engineer', engineerId: employee.userId } }).expect(201);
    const transferA = await inv('/transfers', { ...onStock, toWarehouseId: otherWarehouseA.body.id, quantity: 1 }).expect(201);
    const buy = (path: string, body: object) => t.http().post(`/api/v1/purchasing${path}`).set(bearer(enterpriseA.admin)).send(body);
    const line = { ...onStock, quantity: 3, estimatedUnitFen: 200 };
    const pendingRequestA = await buy('/requests', { lines: [line], reason: '备货' }).expect(201);
    const orderedRequestA = await buy('/requests', { lines: [line], reason: '补货' }).expect(201);
    await buy(`/requests/${orderedRequestA.body.id}/approve`, { level: 1 }).expect(200);
    const purchaseOrderA = await buy('/orders', { purchaseRequestId: orderedRequestA.body.id, supplier: 'A 供应商', lines: [{ ...onStock, quantity: 3, unitPriceFen: 200 }] }).expect(201);
    const stockTakeA = await inv('/stock-takes', { warehouseId: warehouseA.body.id }).expect(201);
    a = {
      stockTakeId: stockTakeA.body.id,
      purchasing: { requestId: pendingRequestA.body.id, orderId: purchaseOrderA.body.id },
      inventory: {
        categoryCode: 'XT',
        partId: partA.body.id,
        warehouseId: warehouseA.body.id,
        receiptId: receiptA.body.id,
        issueId: issueA.body.id,
        transferId: transferA.body.id,
      },
      enterpriseId: enterpriseA.enterpriseId,
      pendingEnterpriseId: pendingA.enterpriseId,
      provinceNodeId: guangdong.nodeId,
      cityNodeId: shenzhen.nodeId,
      countyNodeId: nanshan.nodeId,
      staffUserId: shenzhenStaff.userId,
      departmentId: department.body.id,
      roleId: role.body.id,
      employeeId: employee.userId,
      applicantId: applicant.userId,
      inviteeId: invitee.userId,
      blobId: blob.body.blobId,
      blobSize: fileA.length,
      reviewId: `real-name-${verified.userId}`,
      idPhotos: photos,
      sessionId: enterpriseA.admin.sessionId,
      deviceId: deviceA.body.id,
      deviceQrToken: deviceA.body.qrToken,
      workOrderId: orderA.body.id,
      alertId: await breachAlertOf(t, orderA.body.id),
      helpId: await expertHelpOf(t, orderA.body.id, enterpriseA.enterpriseId, employee.userId, verified.userId),
      knowledgeEntryId: (
        await t
          .http()
          .post('/api/v1/knowledge/entries')
          .set(bearer(enterpriseA.admin))
          .send({ title: '空压机压力上不去的处理', deviceType: 'air-compressor', faultType: 'mechanical', steps: ['检查进气阀'] })
          .expect(201)
      ).body.id,
      notificationId: await notificationOf(t, orderA.body.id),
      auditEntryId: (await t.app.get<EventStore>(EVENT_STORE).readStream(workOrderStream(orderA.body.id)))[0]!.eventId,
      withdrawalId: await expertWithdrawalOf(t, verified.userId),
      settlements: await settlementRowsOf(t, orderA.body.id, enterpriseA.enterpriseId, enterpriseA.admin.userId, shenzhen.nodeId, shenzhen.admin.userId),
      reportId: (
        await t.http().post('/api/v1/reports').set(bearer(enterpriseA.admin)).set('Idempotency-Key', randomUUID()).send({ name: 'A 的报表', dimensions: ['region'], measures: ['requests'], chart: 'bar' }).expect(201)
      ).body.id,
      exportId: (
        await t.http().post('/api/v1/exports').set(bearer(enterpriseA.admin)).set('Idempotency-Key', randomUUID()).send({ kind: 'work-orders', format: 'csv', params: {}, locale: 'zh-CN' }).expect(201)
      ).body.id,
    };

    // World B: Zhejiang → Hangzhou → Xihu, enterprise B in Xihu; nothing shared with A but the root.
    const zhejiang = await nodeWithAdmin(t, root.admin, '33');
    const hangzhou = await nodeWithAdmin(t, zhejiang.admin, '3301');
    const xihu = await nodeWithAdmin(t, hangzhou.admin, '330106');
    const enterpriseB = await enterpriseWithAdmin(t, '330106', 'service-provider');
    await t.http().post(`/api/v1/enterprises/${enterpriseB.enterpriseId}/approve`).set(bearer(hangzhou.admin)).send({}).expect(200);
    const licence = pdfFile('world B licence');
    const uploaded = await t.http().post('/api/v1/blobs').set(bearer(enterpriseB.admin)).set('content-type', 'application/pdf').send(licence).expect(201);
    const employeeB = await signUp(t);
    await t.http().post(`/api/v1/enterprises/${enterpriseB.enterpriseId}/join-requests`).set(bearer(employeeB)).expect(201);
    await t.http().post(`/api/v1/enterprises/${enterpriseB.enterpriseId}/members/${employeeB.userId}/approve`).set(bearer(enterpriseB.admin)).send({ roles: ['member'] }).expect(200);
    const invitationB = await t.http().post(`/api/v1/enterprises/${enterpriseB.enterpriseId}/invitations`).set(bearer(enterpriseB.admin)).send({}).expect(201);
    b = {
      stranger: await signUp(t),
      licence: { blobId: uploaded.body.blobId, mediaType: 'application/pdf', size: licence.length },
      enterpriseId: enterpriseB.enterpriseId,
      admin: enterpriseB.admin,
      employeeId: employeeB.userId,
      invitationToken: invitationB.body.token,
    };
    callers = [
      { label: 'B enterprise admin', person: enterpriseB.admin, roles: ['admin'], own: { enterpriseId: enterpriseB.enterpriseId } },
      { label: 'B employee', person: await actFor(t, employeeB, 'enterprise', enterpriseB.enterpriseId), roles: ['member'], own: { enterpriseId: enterpriseB.enterpriseId } },
      { label: 'B province operator-admin', person: zhejiang.admin, roles: ['operator-admin'], own: { nodeId: zhejiang.nodeId } },
      { label: 'B city operator-admin', person: hangzhou.admin, roles: ['operator-admin'], own: { nodeId: hangzhou.nodeId } },
      { label: 'B city operator-staff', person: await staffOf(t, hangzhou.admin, hangzhou.nodeId, ['operator-staff']), roles: ['operator-staff'], own: { nodeId: hangzhou.nodeId } },
      { label: 'B city compliance', person: await staffOf(t, hangzhou.admin, hangzhou.nodeId, ['compliance']), roles: ['compliance'], own: { nodeId: hangzhou.nodeId } },
      { label: 'B county operator-admin', person: xihu.admin, roles: ['operator-admin'], own: { nodeId: xihu.nodeId } },
      { label: 'signed-in, no acting context', person: await signUp(t), roles: [], own: {} },
    ];
  }, 240_000);
  afterAll(() => t.close());

  const call = async (entry: InventoryEntry, url: string, caller: Caller, body: object | undefined, query: Record<string, string> = {}) => {
    const method = entry.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const request = t.http()[method](url).query(query).set(bearer(caller.person)).set('Idempotency-Key', randomUUID());
    return body === undefined ? request : request.send(body);
  };

  const restRoutes = () => inventory.filter((e) => !['QUERY', 'MUTATION', 'SUBSCRIPTION'].includes(e.method) && parametersOf(e.path).length > 0 && swept(e));

  it('can fill every route that takes an id: each parameter has a filler, each state-changing route a body', () => {
    const unmapped = restRoutes()
      .filter((e) => !(routeKey(e) in CROSS_TENANT_BY_DESIGN))
      .flatMap((e) => [
        ...parametersOf(e.path)
          .filter((name) => !PARAMETER_FILLERS[name]?.(a, e.path)?.length)
          .map((name) => `${routeKey(e)}: no filler for :${name} (add it to PARAMETER_FILLERS)`),
        ...(['GET', 'DELETE'].includes(e.method) || routeKey(e) in BODIES ? [] : [`${routeKey(e)}: no valid body (add it to BODIES)`]),
      ]);
    expect(unmapped).toEqual([]);
    const idFields = graphqlIdFields().filter((name) => !(name in GRAPHQL_CASES));
    expect(idFields.map((name) => `GraphQL ${name}: takes an ID, no case in GRAPHQL_CASES`)).toEqual([]);
    // The tables name only what the application serves, so that a renamed route cannot hide here.
    const served = new Set(inventory.map(routeKey));
    expect([...Object.keys(BODIES), ...Object.keys(CROSS_TENANT_BY_DESIGN), ...Object.keys(OUT_OF_PATH_CASES)].filter((k) => !served.has(k))).toEqual([]);
    expect(Object.keys(GRAPHQL_CASES).filter((name) => !graphqlIdFields().includes(name))).toEqual([]);
  });

  /** Root fields of the schema with an argument of type ID. */
  const graphqlIdFields = (): string[] => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    return (['Query', 'Mutation', 'Subscription'] as const).flatMap((root) => {
      const type = schema.getType(root);
      if (!type || !isObjectType(type)) return [];
      return Object.values(type.getFields())
        .filter((f) => f.args.some((arg) => getNamedType(arg.type).name === 'ID'))
        .map((f) => f.name);
    });
  };

  it('answers 404 (403 without the permission) to B’s people for A’s ids over REST, and appends nothing', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const entry of restRoutes()) {
      if (routeKey(entry) in CROSS_TENANT_BY_DESIGN) continue;
      for (const { url, what } of fillings(a, entry.path))
        for (const caller of callers) {
          const body = BODIES[routeKey(entry)]?.(b);
          judge(`${routeKey(entry)} [${what}] | ${caller.label}`, expectedStatus(caller, entry), await measure(events, () => call(entry, url, caller, body)), cells, wrong);
        }
    }
    process.stdout.write(`\ncross-tenant sweep, REST (${cells.length} cells: route | caller | status):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    expect(cells.length).toBeGreaterThanOrEqual(30 * callers.length);
  }, 300_000);

  it('answers 404 (403 without the permission) for A’s rows addressed under B’s own enterprise or node, and appends nothing', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const entry of restRoutes()) {
      const names = parametersOf(entry.path);
      const parent = PARENT_PARAMETERS.find((p) => names.includes(p));
      if (routeKey(entry) in CROSS_TENANT_BY_DESIGN || parent === undefined || names.length < 2) continue;
      for (const caller of callers) {
        const own = caller.own[parent];
        if (own === undefined) continue;
        for (const { url, what } of fillings(a, entry.path, { [parent]: { id: own, what: `own ${parent}` } })) {
          const body = BODIES[routeKey(entry)]?.(b);
          judge(`${routeKey(entry)} [${what}] | ${caller.label}`, expectedStatus(caller, entry), await measure(events, () => call(entry, url, caller, body)), cells, wrong);
        }
      }
    }
    process.stdout.write(`\ncross-tenant sweep, A's rows under B's own parent (${cells.length} cells: route | caller | status):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    expect(cells.length).toBeGreaterThanOrEqual(12);
  }, 300_000);

  it('answers NOT_FOUND (FORBIDDEN without the permission) to B’s people for A’s ids over GraphQL, and appends nothing', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const name of graphqlIdFields()) {
      const entry = inventory.find((e) => ['QUERY', 'MUTATION', 'SUBSCRIPTION'].includes(e.method) && e.path === name)!;
      const { query, ids } = GRAPHQL_CASES[name]!;
      for (const { id, what } of ids(a))
        for (const caller of callers) {
          const got = await measure(events, async () => {
            const res = await t.http().post('/graphql').set(bearer(caller.person)).send({ query, variables: { id } });
            return { status: graphqlStatus(res.body), body: res.body };
          });
          judge(`${entry.method} ${name} [${what}] | ${caller.label}`, expectedStatus(caller, entry), got, cells, wrong);
        }
    }
    process.stdout.write(`\ncross-tenant sweep, GraphQL (${cells.length} cells: field | caller | status):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    expect(cells.length).toBe((3 + 2 + 2 + 2 + 1) * callers.length);
  }, 120_000);

  it('refuses A’s rows named in the bodies of B’s own requests with 422 naming field and rule, and appends nothing', async () => {
    const bBase = `/api/v1/enterprises/${b.enterpriseId}`;
    const cases: { label: string; send: () => Promise<{ status: number; body: unknown }>; field: string; rule: string }[] = [
      {
        label: 'B department under A’s department',
        send: () => t.http().post(`${bBase}/departments`).set(bearer(b.admin)).send({ name: '挂靠部', parentId: a.departmentId }),
        field: 'parentId',
        rule: 'department-unknown',
      },
      {
        label: 'B employee into A’s department',
        send: () => t.http().patch(`${bBase}/members/${b.employeeId}`).set(bearer(b.admin)).send({ departmentId: a.departmentId }),
        field: 'departmentId',
        rule: 'department-unknown',
      },
      {
        label: 'B employee given A’s custom role',
        send: () => t.http().patch(`${bBase}/members/${b.employeeId}`).set(bearer(b.admin)).send({ roles: ['member', a.roleId] }),
        field: 'roles.1',
        rule: 'unknown-role',
      },
      {
        label: 'registering with A’s file as the licence',
        send: () =>
          t
            .http()
            .post('/api/v1/enterprises')
            .set(bearer(b.stranger))
            .send({
              type: 'service-provider',
              name: '冒用执照企业',
              uscc: freshUscc('330106'),
              address: { countyCode: '330106', line: '文三路 2 号' },
              licence: { blobId: a.blobId, mediaType: 'application/pdf', size: a.blobSize },
            }),
        field: 'licence.blobId',
        rule: 'licence-blob-uploaded',
      },
      {
        label: 'B’s invitation link presented for enterprise A',
        send: () => t.http().post('/api/v1/invitations/accept').set(bearer(b.stranger)).send({ enterpriseId: a.enterpriseId, token: b.invitationToken }),
        field: 'token',
        rule: 'invitation-token',
      },
    ];
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const c of cases) {
      const got = await measure(events, c.send);
      const errors = (got.body as { errors?: { field: string; rule: string }[] }).errors ?? [];
      const named = errors.some((e) => e.field === c.field && e.rule === c.rule);
      judge(`${c.label} | ${named ? `${c.field} ${c.rule}` : JSON.stringify(errors)}`, 422, got, cells, wrong);
      if (!named) wrong.push(`${c.label}: expected ${c.field} ${c.rule}, got ${JSON.stringify(errors)}`);
    }
    process.stdout.write(`\ncross-tenant sweep, A's rows in B's bodies (${cells.length} cells):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('refuses A’s ID photos in B’s own real-name application, so B’s reviewers cannot read them through it', async () => {
    const applicant = await signUp(t);
    const submitted = await measure(events, () =>
      t.http().post('/api/v1/me/real-name').set(bearer(applicant)).send({ realName: '韩梅梅', idNumber: '33010619850612004X', photos: a.idPhotos, countyCode: '330106' }),
    );
    const reviewer = callers.find((c) => c.label === 'B city operator-staff')!;
    const read = await measure(events, () => t.http().get(`/api/v1/blobs/${a.idPhotos[0]!.blobId}`).set(bearer(reviewer.person)));
    process.stdout.write(`\ncross-tenant sweep, A's photos in B's application: submit ${submitted.status}, B reviewer reads A's photo ${read.status}\n`);
    expect({ status: submitted.status, errors: (submitted.body as { errors?: unknown }).errors, appended: submitted.appended }).toEqual({
      status: 400,
      errors: [expect.objectContaining({ field: 'photos.0.blobId', rule: 'photo-blob-uploaded' })],
      appended: [],
    });
    expect({ status: read.status, appended: read.appended }).toEqual({ status: 404, appended: [] });
  });

  it('does not answer B with A’s recorded response when B repeats A’s idempotency key and request', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    const entry = inventory.find((e) => routeKey(e) === 'POST /api/v1/enterprises/:enterpriseId/departments')!;
    for (const caller of callers.filter((c) => c.own.enterpriseId !== undefined)) {
      const got = await measure(events, () =>
        t.http().post(`/api/v1/enterprises/${a.enterpriseId}/departments`).set(bearer(caller.person)).set('Idempotency-Key', DEPARTMENT_KEY).send({ name: '售后服务部' }),
      );
      judge(`POST /api/v1/enterprises/:enterpriseId/departments [A enterprise, A admin’s key] | ${caller.label}`, expectedStatus(caller, entry), got, cells, wrong);
    }
    process.stdout.write(`\ncross-tenant sweep, A's idempotency key (${cells.length} cells):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    expect(cells.length).toBe(2);
  });

  it('lets B ask to join A’s approved enterprise only as the directory would: A’s pending one answers as an unknown id', async () => {
    const join = (enterpriseId: string) => () => t.http().post(`/api/v1/enterprises/${enterpriseId}/join-requests`).set(bearer(b.stranger));
    const unknown = await measure(events, join(`no-such-enterprise-${randomUUID()}`));
    const pending = await measure(events, join(a.pendingEnterpriseId));
    const ruleOf = (m: Measured) => (m.body as { errors?: { field: string; rule: string }[] }).errors?.map((e) => `${e.field} ${e.rule}`);
    process.stdout.write(`\ncross-tenant sweep, join requests: unknown enterprise ${unknown.status} ${ruleOf(unknown)}; A pending enterprise ${pending.status} ${ruleOf(pending)}\n`);
    expect({ status: pending.status, errors: ruleOf(pending), appended: pending.appended }).toEqual({ status: unknown.status, errors: ruleOf(unknown), appended: [] });
    expect(unknown.appended).toEqual([]);
    expect(unknown.status).toBeGreaterThanOrEqual(400);
  });

  it('answers 404 (403 without the permission) for A’s ids in bodies and query strings, and appends nothing', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const [key, cases] of Object.entries(OUT_OF_PATH_CASES)) {
      const entry = inventory.find((e) => routeKey(e) === key)!;
      for (const { what, query, body } of cases(a))
        for (const caller of callers) {
          judge(`${key} [${what}] | ${caller.label}`, expectedStatus(caller, entry), await measure(events, () => call(entry, entry.path, caller, body, query)), cells, wrong);
        }
    }
    process.stdout.write(`\ncross-tenant sweep, ids outside the path (${cells.length} cells: route | caller | status):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    // Context switches 5, divisions 3, a work order raised 1, a knowledge proposal from a work order 1, inventory receipt and adjustment 2.
    expect(cells.length).toBe((5 + 3 + 1 + 1 + 2) * callers.length);
  }, 120_000);
});
