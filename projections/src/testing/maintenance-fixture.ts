// A realistic projection set and event generator of the maintenance domain, for the projector's
// crash tests and the rebuild benchmark. Not product code: the real projections come with their features.
import type { DomainEvent, EventMetadata } from '@kuaige/domain';
import { projection, row, updateMany } from '../projection';

// ---- Events of the fixture's maintenance domain ---------------------------------------------------

export type DeviceRegistered = DomainEvent<'DeviceRegistered', { deviceId: string; model: string }>;
export type DeviceRetired = DomainEvent<'DeviceRetired', { deviceId: string }>;
export type WorkOrderRequested = DomainEvent<
  'WorkOrderRequested',
  { workOrderId: string; deviceId: string; tenantId: string; tenantName?: string; fault?: string; priority?: string }
>;
export type WorkOrderDispatched = DomainEvent<'WorkOrderDispatched', { workOrderId: string; deviceId: string; providerId: string }>;
export type EngineerAssigned = DomainEvent<'EngineerAssigned', { workOrderId: string; deviceId: string; engineerId: string }>;
export type PartsUsed = DomainEvent<'PartsUsed', { workOrderId: string; deviceId: string; quantity: number }>;
export type ReceiptSubmitted = DomainEvent<'ReceiptSubmitted', { workOrderId: string; deviceId: string; cost: number }>;
export type WorkOrderEvaluated = DomainEvent<'WorkOrderEvaluated', { workOrderId: string; deviceId: string; score: number }>;
export type TenantRenamed = DomainEvent<'TenantRenamed', { tenantId: string; name: string }>;
export type TariffRaised = DomainEvent<'TariffRaised', { percent: number }>;

export type MaintenanceEvent =
  | DeviceRegistered
  | DeviceRetired
  | WorkOrderRequested
  | WorkOrderDispatched
  | EngineerAssigned
  | PartsUsed
  | ReceiptSubmitted
  | WorkOrderEvaluated
  | TenantRenamed
  | TariffRaised;

export const regionsOf = (county: string): string[] => [county, county.slice(0, 4), county.slice(0, 2), 'CN'];

const day = (iso: string) => iso.slice(0, 10);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

// ---- Projections ------------------------------------------------------------------------------------

export const workOrders = projection<MaintenanceEvent>('work_orders', {
  version: 1,
  indexes: [
    { name: 'tenants_updated', key: { 'scope.tenants': 1, updatedAt: -1 } },
    { name: 'regions_updated', key: { 'scope.regions': 1, updatedAt: -1 } },
    { name: 'tenant', key: { tenantId: 1 } },
  ],
  on: {
    WorkOrderRequested: (e) =>
      row(e.data.workOrderId, () => ({
        _id: e.data.workOrderId,
        deviceId: e.data.deviceId,
        tenantId: e.data.tenantId,
        tenantName: e.data.tenantName,
        fault: e.data.fault,
        priority: e.data.priority,
        status: 'requested',
        parts: 0,
        scope: { tenants: e.metadata.tenantIds, regions: e.metadata.jurisdiction },
        requestedAt: e.metadata.occurredAt,
        updatedAt: e.metadata.occurredAt,
      })),
    WorkOrderDispatched: (e) =>
      row(e.data.workOrderId, (r) => r && { ...r, status: 'dispatched', providerId: e.data.providerId, updatedAt: e.metadata.occurredAt }),
    EngineerAssigned: (e) =>
      row(e.data.workOrderId, (r) => r && { ...r, status: 'assigned', engineerId: e.data.engineerId, updatedAt: e.metadata.occurredAt }),
    PartsUsed: (e) => row(e.data.workOrderId, (r) => r && { ...r, parts: num(r['parts']) + e.data.quantity, updatedAt: e.metadata.occurredAt }),
    // One event, a row change and a many-row update that also matches that row (in both orders): the
    // projector must apply both to it, once each, also across crashes.
    ReceiptSubmitted: (e) => [
      row(e.data.workOrderId, (r) => r && { ...r, status: 'receipt-submitted', cost: e.data.cost, updatedAt: e.metadata.occurredAt }),
      updateMany({ tenantId: e.metadata.tenantIds[0] }, { $inc: { tenantReceipts: 1 } }),
    ],
    WorkOrderEvaluated: (e) => [
      updateMany({ tenantId: e.metadata.tenantIds[0] }, { $inc: { tenantEvaluations: 1 } }),
      row(e.data.workOrderId, (r) => r && { ...r, status: 'evaluated', score: e.data.score, evaluationNo: num(r['tenantEvaluations']), updatedAt: e.metadata.occurredAt }),
    ],
    TenantRenamed: (e) => updateMany({ tenantId: e.data.tenantId }, { $set: { tenantName: e.data.name } }),
  },
});

export const deviceHistory = projection<MaintenanceEvent>('device_history', {
  version: 1,
  indexes: [{ name: 'tenants', key: { 'scope.tenants': 1 } }],
  on: {
    DeviceRegistered: (e) =>
      row(e.data.deviceId, () => ({
        _id: e.data.deviceId,
        model: e.data.model,
        repairs: 0,
        partsUsed: 0,
        scope: { tenants: e.metadata.tenantIds, regions: e.metadata.jurisdiction },
      })),
    WorkOrderRequested: (e) => row(e.data.deviceId, (r) => r && { ...r, repairs: num(r['repairs']) + 1, lastFault: e.data.fault }),
    PartsUsed: (e) => row(e.data.deviceId, (r) => r && { ...r, partsUsed: num(r['partsUsed']) + e.data.quantity }),
    DeviceRetired: (e) => row(e.data.deviceId, () => null),
    TariffRaised: () => updateMany({}, { $inc: { tariffChanges: 1 } }),
  },
});

export const regionDailyStats = projection<MaintenanceEvent>('region_daily_stats', {
  version: 1,
  on: {
    WorkOrderRequested: (e) => {
      const id = `${e.metadata.jurisdiction[0]}:${day(e.metadata.occurredAt)}`;
      return row(id, (r) => ({ _id: id, ...(r ?? {}), requested: num(r?.['requested']) + 1 }));
    },
    WorkOrderEvaluated: (e) => {
      const id = `${e.metadata.jurisdiction[0]}:${day(e.metadata.occurredAt)}`;
      return row(id, (r) => ({
        _id: id,
        ...(r ?? {}),
        evaluated: num(r?.['evaluated']) + 1,
        scoreSum: num(r?.['scoreSum']) + e.data.score,
      }));
    },
  },
});

export const maintenanceProjections = [workOrders, deviceHistory, regionDailyStats];

/**
 * Open work per device, where one event changes a row and, in the same event, every row of its device
 * (that row included) — in both orders: the projector must apply both changes to the row, once each,
 * also across crashes. Kept out of maintenanceProjections, whose rebuild the benchmark measures: a
 * many-row update per event would measure something else.
 */
export const deviceWorkload = projection<MaintenanceEvent>('device_workload', {
  version: 1,
  indexes: [{ name: 'device', key: { deviceId: 1 } }],
  on: {
    // The new row first, then all the device's rows: the new one counts itself.
    WorkOrderRequested: (e) => [
      row(e.data.workOrderId, () => ({ _id: e.data.workOrderId, deviceId: e.data.deviceId, requestedSince: 0, receipts: 0 })),
      updateMany({ deviceId: e.data.deviceId }, { $inc: { requestedSince: 1 } }),
    ],
    // All the device's rows first, then the row, which records the count the update just raised.
    ReceiptSubmitted: (e) => [
      updateMany({ deviceId: e.data.deviceId }, { $inc: { receipts: 1 } }),
      row(e.data.workOrderId, (r) => r && { ...r, receiptNo: num(r['receipts']) }),
    ],
  },
});

/** What the crash tests project: the maintenance set plus the one mixing row and many-row changes. */
export const crashTestProjections = [...maintenanceProjections, deviceWorkload];

export type GeneratedEvent = {
  readonly [T in MaintenanceEvent['type']]: {
    readonly streamId: string;
    readonly type: T;
    readonly data: Extract<MaintenanceEvent, { type: T }>['data'];
    readonly metadata: EventMetadata;
  };
}[MaintenanceEvent['type']];

/** Deterministic pseudo-random numbers (mulberry32), so that failures can be replayed. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const COUNTIES = ['440305', '440306', '440106', '330106', '330108', '110105', '310115', '510107'];

/** A plausible history: devices registered, work orders through their life, renames, retirements. */
export function* maintenanceEvents(count: number, seed = 1): Generator<GeneratedEvent> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const devices: { id: string; tenant: string; county: string }[] = [];
  const open: { id: string; device: string; tenant: string; county: string; step: number }[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    const meta = (tenant: string, county: string): EventMetadata => ({
      commandId: `cmd-${seed}-${i}`,
      correlationId: `cmd-${seed}-${i}`,
      causationId: `cmd-${seed}-${i}`,
      actor: { userId: `user-${Math.floor(random() * 50)}` },
      tenantIds: [tenant],
      jurisdiction: regionsOf(county),
      schemaVersion: 1,
      occurredAt: at,
    });
    const r = random();
    if (devices.length < 20 || r < 0.08) {
      const d = { id: `dev-${seed}-${i}`, tenant: `T${Math.floor(random() * 40)}`, county: pick(COUNTIES) };
      devices.push(d);
      yield { streamId: `Device-${d.id}`, type: 'DeviceRegistered', data: { deviceId: d.id, model: pick(['CNC-200', 'AC-9', 'PUMP-3']) }, metadata: meta(d.tenant, d.county) };
    } else if (r < 0.3 || open.length === 0) {
      const d = pick(devices);
      const wo = { id: `wo-${seed}-${i}`, device: d.id, tenant: d.tenant, county: d.county, step: 0 };
      open.push(wo);
      yield {
        streamId: `WorkOrder-${wo.id}`,
        type: 'WorkOrderRequested',
        data: { workOrderId: wo.id, deviceId: d.id, tenantId: d.tenant, tenantName: `Tenant ${d.tenant}`, fault: pick(['no power', 'leak', 'noise', 'overheat']), priority: pick(['low', 'normal', 'high', 'urgent']) },
        metadata: meta(d.tenant, d.county),
      };
    } else if (r < 0.3002) {
      const tenant = `T${Math.floor(random() * 40)}`;
      yield { streamId: `Tenant-${tenant}`, type: 'TenantRenamed', data: { tenantId: tenant, name: `Tenant ${tenant} (${i})` }, metadata: meta(tenant, pick(COUNTIES)) };
    } else if (r < 0.30021) {
      yield { streamId: 'Tariff-national', type: 'TariffRaised', data: { percent: 3 }, metadata: meta('platform', '110105') };
    } else if (r < 0.307 && r >= 0.303 && devices.length > 30) {
      const d = devices.splice(Math.floor(random() * devices.length), 1)[0]!;
      yield { streamId: `Device-${d.id}`, type: 'DeviceRetired', data: { deviceId: d.id }, metadata: meta(d.tenant, d.county) };
    } else {
      const index = Math.floor(random() * open.length);
      const wo = open[index]!;
      const steps = ['WorkOrderDispatched', 'EngineerAssigned', 'PartsUsed', 'ReceiptSubmitted', 'WorkOrderEvaluated'] as const;
      const type = steps[wo.step]!;
      const ref = { workOrderId: wo.id, deviceId: wo.device };
      // Each step draws its own field before the metadata draws the actor: the sequence stays replayable.
      const event = (): GeneratedEvent => {
        const streamId = `WorkOrder-${wo.id}`;
        switch (type) {
          case 'WorkOrderDispatched': {
            const data = { ...ref, providerId: `P${Math.floor(random() * 10)}` };
            return { streamId, type, data, metadata: meta(wo.tenant, wo.county) };
          }
          case 'EngineerAssigned': {
            const data = { ...ref, engineerId: `E${Math.floor(random() * 100)}` };
            return { streamId, type, data, metadata: meta(wo.tenant, wo.county) };
          }
          case 'PartsUsed': {
            const data = { ...ref, quantity: 1 + Math.floor(random() * 4) };
            return { streamId, type, data, metadata: meta(wo.tenant, wo.county) };
          }
          case 'ReceiptSubmitted': {
            const data = { ...ref, cost: Math.round(random() * 500000) / 100 };
            return { streamId, type, data, metadata: meta(wo.tenant, wo.county) };
          }
          case 'WorkOrderEvaluated': {
            const data = { ...ref, score: 1 + Math.floor(random() * 5) };
            return { streamId, type, data, metadata: meta(wo.tenant, wo.county) };
          }
        }
      };
      wo.step++;
      if (wo.step >= steps.length) open.splice(index, 1);
      yield event();
    }
  }
}
