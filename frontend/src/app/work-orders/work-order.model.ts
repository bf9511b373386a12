// What the work-order API answers (contract of issue #10, H1/H3/H4). The console reads the detail
// defensively: fields past the list row are optional, so a backend that answers less still renders.

/** The statuses of a work order, in the order of the normal flow. */
export const WORK_ORDER_STATUSES = [
  'submitted',
  'awaiting-dispatch',
  'dispatched',
  'accepted',
  'assigned',
  'engineer-accepted',
  'in-progress',
  'completed',
  'receipt-submitted',
  'receipt-approved',
  'reported',
  'closed',
  'rejected',
  'cancelled',
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** Statuses before work starts: a cancel is still possible. */
export const CANCELLABLE: readonly WorkOrderStatus[] = [
  'submitted',
  'awaiting-dispatch',
  'dispatched',
  'accepted',
  'assigned',
  'engineer-accepted',
];

/** One row of GET /api/v1/work-orders (the flat `work_orders` read model). */
export interface WorkOrderRow {
  readonly _id: string;
  readonly number: string;
  readonly status: WorkOrderStatus;
  readonly priority: string;
  /** The pause reason while paused (a list row may say just true), else false or null. */
  readonly paused: boolean | string | null;
  readonly deviceId: string;
  readonly deviceName: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly faultSummary: string;
  readonly countyCode: string;
  readonly requesterId: string;
  /** The device's owner: a party to the order also when its manufacturer raised it (the equipment user). */
  readonly ownerId?: string | null;
  readonly manufacturerId: string | null;
  readonly providerId: string | null;
  readonly assigneeId: string | null;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly dispatchedAt: string | null;
  readonly completedAt: string | null;
  readonly closedAt: string | null;
  readonly userScore: number | null;
  readonly manufacturerScore: number | null;
}

export interface Attachment {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface TimelineEntry {
  readonly type: string;
  readonly at: string;
  readonly by: unknown;
  readonly summary: string;
}

export interface PartUsed {
  readonly name: string;
  readonly quantity: number;
  readonly unit: string;
  /** A stocked part: the catalogue part and the warehouse (van or store) it was issued from. */
  readonly partId?: string;
  readonly warehouseId?: string;
}

/** A processing record (steps, parts, tools, cause, result, attachments). */
export interface ProcessingRecord {
  readonly recordId: string;
  readonly steps: string;
  readonly parts: readonly PartUsed[];
  readonly tools: readonly string[];
  readonly cause: string;
  readonly result: string;
  readonly attachments: readonly Attachment[];
  readonly at?: string;
}

export type Evaluator = 'equipment-user' | 'manufacturer';

export interface Evaluation {
  readonly score: number;
  readonly opinion: string;
}

/** GET /api/v1/work-orders/:id: the row, the folded state and the timeline. */
export interface WorkOrderDetail extends WorkOrderRow {
  readonly fault?: { readonly type: string; readonly description: string; readonly attachments: readonly Attachment[] };
  readonly device?: { readonly number?: string; readonly model?: string; readonly warrantyEndsOn?: string | null };
  readonly records?: readonly ProcessingRecord[];
  readonly receipt?: { readonly summary?: string; readonly attachments?: readonly Attachment[] } | null;
  readonly evaluations?: Partial<Record<Evaluator, Evaluation>>;
  readonly warranty?: { readonly judgement: string; readonly opinion: string } | null;
  readonly review?: { readonly mode: string; readonly opinion: string } | null;
  readonly returnedBy?: readonly string[];
  readonly pausedReason?: string | null;
  readonly contact?: { readonly name: string; readonly phone: string };
  readonly timeline: readonly TimelineEntry[];
  /** Names of the enterprises and the engineer the timeline names by id. */
  readonly parties?: Readonly<Record<string, string>>;
}

export interface WorkOrderQuery {
  readonly status: string;
  readonly priority: string;
  readonly deviceType: string;
  readonly faultType: string;
  readonly region: string;
  readonly from: string;
  readonly to: string;
  readonly q: string;
  readonly deviceId: string;
  /** The parties of the order (enterprise ids; the engineer's user id). */
  readonly providerId: string;
  readonly assigneeId: string;
  readonly requesterId: string;
  readonly manufacturerId: string;
  /** '' | breached | met */
  readonly sla: string;
  /** '' | true | false */
  readonly reopened: string;
  /** '' | low (the equipment user scored 2 or less) */
  readonly rated: string;
  readonly completedFrom: string;
  readonly completedTo: string;
  readonly queue: string;
  readonly sort: string;
  readonly page: number;
  readonly pageSize: number;
}

/** GET /api/v1/work-orders/:id/sla (the `sla_clocks` row). */
export interface SlaClock {
  readonly priority: string;
  readonly responseDueAt: string | null;
  readonly resolutionDueAt: string | null;
  readonly paused: boolean;
  readonly breached: readonly string[];
  readonly escalationLevel: number;
}

export interface RankingFactor {
  readonly factor: 'skill' | 'region' | 'distance' | 'workload' | 'rating' | 'certification' | string;
  readonly value: unknown;
  readonly weight: number;
  readonly points: number;
  readonly reason: { readonly 'zh-CN': string; readonly en: string };
}

/** One ranked provider or engineer of a suggestion. */
export interface Suggestion {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  readonly score: number;
  readonly factors: readonly RankingFactor[];
}

/** A device offered in the request form's picker (GET /api/v1/devices). */
export interface DeviceOption {
  readonly _id: string;
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: string;
  readonly address?: string;
  readonly status?: string;
}

/** POST /api/v1/work-orders. */
export interface SubmitRequest {
  readonly deviceId: string;
  readonly fault: { readonly type: string; readonly description: string; readonly attachments: readonly Attachment[] };
  readonly priority: string;
  readonly channel: 'console' | 'qr';
  readonly contact: { readonly name: string; readonly phone: string };
}

export interface RecordBody {
  readonly steps: string;
  readonly parts: readonly PartUsed[];
  readonly tools: readonly string[];
  readonly cause: string;
  readonly result: string;
  readonly attachments: readonly Attachment[];
}
