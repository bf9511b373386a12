import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { chinaDateOf, daysBetween, type DeviceStatus, type DeviceType } from '@kuaige/domain';
import { findCappedPage, publicRow, visibleRows, type Filter, type ReadModelStore, type SortSpec } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import type { Page } from '../../tenancy/read-models/tenancy.queries';
import type { DeviceFields, DeviceRow } from './devices.projections';

// ---- The devices' queries on the QueryBus: every read joins the actor's filter under $and ----------

/** A device as the API shows it: the row, without its scope, with the warranty's days left today. */
export type DeviceView = Omit<DeviceFields, 'scope' | 'imageRefs' | 'images'> & {
  readonly id: string;
  readonly images: readonly { readonly blobId: string; readonly mediaType: string; readonly size: number }[];
  /** Days from today (China) to the warranty's end; negative once it ended; null without a sale. */
  readonly warrantyDaysLeft: number | null;
};

export const viewOf = (stored: DeviceRow, now: Date): DeviceView => {
  const { _id, scope: _scope, imageRefs, images: _images, ...rest } = publicRow(stored) as DeviceRow;
  return {
    id: _id,
    ...rest,
    images: imageRefs.map(({ blobId, mediaType, size }) => ({ blobId, mediaType, size })),
    warrantyDaysLeft: rest.warrantyEndsOn === null ? null : daysBetween(chinaDateOf(now.toISOString()), rest.warrantyEndsOn),
  };
};

export const DEVICE_SORTS = ['updatedAt', '-updatedAt', 'number', '-number', 'name', '-name', 'warrantyEndsOn', '-warrantyEndsOn', 'createdAt', '-createdAt'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export interface DeviceListQuery {
  readonly type?: DeviceType;
  readonly status?: DeviceStatus;
  readonly project?: string;
  /** A division code: devices in that region (its county and above match). */
  readonly region?: string;
  /** Part of the number, name or model. */
  readonly q?: string;
  readonly ownerId?: string;
  readonly manufacturerId?: string;
  readonly sort?: DeviceSort;
  readonly page: number;
  readonly pageSize: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const filterOf = (q: Omit<DeviceListQuery, 'page' | 'pageSize' | 'sort'>): Filter => ({
  ...(q.type ? { type: q.type } : {}),
  ...(q.status ? { status: q.status } : {}),
  ...(q.project ? { project: q.project } : {}),
  ...(q.region ? { 'scope.regions': q.region } : {}),
  ...(q.ownerId ? { ownerId: q.ownerId } : {}),
  ...(q.manufacturerId ? { manufacturerId: q.manufacturerId } : {}),
  ...(q.q
    ? {
        $or: ['number', 'name', 'model'].map((field) => ({ [field]: { $regex: escapeRegex(q.q!), $options: 'i' } })),
      }
    : {}),
});

const sortOf = (sort: DeviceSort = '-updatedAt'): SortSpec => {
  const field = sort.replace(/^-/, '');
  return { [field]: sort.startsWith('-') ? -1 : 1, _id: 1 };
};

export class ListDevices extends Query<Page<DeviceView>> {
  constructor(
    readonly actor: Actor,
    readonly query: DeviceListQuery,
    readonly now: Date,
  ) {
    super();
  }
}

export class GetDevice extends Query<DeviceView | null> {
  constructor(
    readonly actor: Actor,
    readonly deviceId: string,
    readonly now: Date,
  ) {
    super();
  }
}

/** Devices whose warranty-expiry reminder was raised for their current warranty end, soonest end first. */
export class ListWarrantyReminders extends Query<Page<DeviceView>> {
  constructor(
    readonly actor: Actor,
    readonly page: number,
    readonly pageSize: number,
    readonly now: Date,
  ) {
    super();
  }
}

abstract class DeviceReads {
  constructor(@Inject(READ_MODEL_STORE) protected readonly store: ReadModelStore) {}
  protected get rows() {
    return this.store.collection<DeviceRow>('devices');
  }
  protected async page(filter: Filter, sort: SortSpec, page: number, pageSize: number, now: Date): Promise<Page<DeviceView>> {
    const { items, total, totalExact } = await findCappedPage(this.rows, filter, { sort, page, pageSize });
    return { items: items.map((r) => viewOf(r, now)), total, totalExact, page, pageSize };
  }
}

@QueryHandler(ListDevices)
export class ListDevicesHandler extends DeviceReads implements IQueryHandler<ListDevices> {
  execute({ actor, query, now }: ListDevices) {
    const filter = { $and: [visibleRows, scopedFilter(actor, 'read', 'Device', filterOf(query))] };
    return this.page(filter, sortOf(query.sort), query.page, query.pageSize, now);
  }
}

@QueryHandler(GetDevice)
export class GetDeviceHandler extends DeviceReads implements IQueryHandler<GetDevice> {
  async execute({ actor, deviceId, now }: GetDevice) {
    const found = await this.rows.findOne({ $and: [visibleRows, scopedFilter(actor, 'read', 'Device', { _id: deviceId })] });
    return found ? viewOf(found, now) : null;
  }
}

@QueryHandler(ListWarrantyReminders)
export class ListWarrantyRemindersHandler extends DeviceReads implements IQueryHandler<ListWarrantyReminders> {
  async execute({ actor, page, pageSize, now }: ListWarrantyReminders) {
    const filter = { $and: [visibleRows, scopedFilter(actor, 'read', 'Device', { reminderOpen: true })] };
    return this.page(filter, { warrantyEndsOn: 1, _id: 1 }, page, pageSize, now);
  }
}

/** Every device of the actor's scope matching the filters (for the export), in number order. */
export class AllDevices extends Query<DeviceView[]> {
  constructor(
    readonly actor: Actor,
    readonly query: Omit<DeviceListQuery, 'page' | 'pageSize' | 'sort'>,
    readonly now: Date,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(AllDevices)
export class AllDevicesHandler extends DeviceReads implements IQueryHandler<AllDevices> {
  async execute({ actor, query, now, limit }: AllDevices) {
    const rows = await this.rows.find({ $and: [visibleRows, scopedFilter(actor, 'read', 'Device', filterOf(query))] }, { sort: { number: 1, _id: 1 }, limit });
    return rows.map((r) => viewOf(r, now));
  }
}

export const DEVICE_QUERY_HANDLERS = [ListDevicesHandler, GetDeviceHandler, ListWarrantyRemindersHandler, AllDevicesHandler];
