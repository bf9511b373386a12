import type { DeviceEvent, DeviceImage, DeviceParameter, DeviceStatus, DeviceType } from '@kuaige/domain';
import { projection, row, type Projection, type Row } from '@kuaige/projections';

// ---- `devices`: one row per device, shared by its owner and its manufacturer ------------------------
// scope.tenants = the owner and the manufacturer (those present), scope.regions = the jurisdiction of
// the device's county: the operators of that county and above see it, no one else.

/** A device row's own fields (Row adds `_id` and an index signature, which `Omit` cannot see past). */
export interface DeviceFields {
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  readonly spec: string;
  readonly parameters: readonly DeviceParameter[];
  /** Blob ids, in the order the holders arranged them. */
  readonly images: readonly string[];
  /** The images with their types and sizes, as the references were checked. */
  readonly imageRefs: readonly DeviceImage[];
  readonly project: string | null;
  readonly manufacturedOn: string | null;
  readonly soldOn: string | null;
  readonly warrantyMonths: number;
  readonly warrantyEndsOn: string | null;
  /** The latest warranty-expiry reminder, if one was raised for the current end date or an earlier one. */
  readonly warrantyNotice: { readonly warrantyEndsOn: string; readonly daysLeft: number; readonly at: string } | null;
  /** A reminder stands for the current warranty end (not for one the warranty was extended past). */
  readonly reminderOpen: boolean;
  readonly countyCode: string;
  readonly address: string;
  readonly lat: number | null;
  readonly lng: number | null;
  readonly status: DeviceStatus;
  readonly registrantId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly publicRequests: boolean;
  /** What the device's QR label carries; the public request form finds the device by it. */
  readonly qrToken: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
}

export interface DeviceRow extends Row, DeviceFields {}

const tenantsOf = (ownerId: string | null, manufacturerId: string | null): string[] =>
  [ownerId, manufacturerId].filter((id, i, all): id is string => id !== null && all.indexOf(id) === i);

const deviceIdOf = (streamId: string): string => streamId.slice('Device-'.length);

const reminderOpen = (current: DeviceRow, warrantyEndsOn: string | null): boolean =>
  current.warrantyNotice !== null && current.warrantyNotice.warrantyEndsOn === warrantyEndsOn;

const patch = (streamId: string, at: string, fields: (current: DeviceRow) => Partial<DeviceRow>) =>
  row<DeviceRow>(deviceIdOf(streamId), (current) => current && { ...current, ...fields(current), updatedAt: at });

export const devicesProjection = projection<DeviceEvent, DeviceRow>('devices', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_updated', key: { updatedAt: -1 } },
    { name: 'by_type_status', key: { type: 1, status: 1, updatedAt: -1 } },
    { name: 'by_number', key: { number: 1 } },
    { name: 'by_warranty_end', key: { warrantyEndsOn: 1 } },
    { name: 'by_reminder', key: { reminderOpen: 1, warrantyEndsOn: 1 } },
    { name: 'by_qr_token', key: { qrToken: 1 }, unique: true },
  ],
  on: {
    DeviceRegistered: (e) => {
      const d = e.data;
      return row<DeviceRow>(d.deviceId, () => ({
        _id: d.deviceId,
        number: d.number,
        name: d.name,
        model: d.model,
        type: d.type,
        spec: d.spec,
        parameters: d.parameters,
        images: d.images.map((i) => i.blobId),
        imageRefs: d.images,
        project: d.project,
        manufacturedOn: d.manufacturedOn,
        soldOn: d.soldOn,
        warrantyMonths: d.warrantyMonths,
        warrantyEndsOn: d.warrantyEndsOn,
        warrantyNotice: null,
        reminderOpen: false,
        countyCode: d.countyCode,
        address: d.address,
        lat: d.coordinates?.lat ?? null,
        lng: d.coordinates?.lng ?? null,
        status: 'active',
        registrantId: d.registrantId,
        ownerId: d.ownerId,
        manufacturerId: d.manufacturerId,
        publicRequests: false,
        qrToken: d.qrToken,
        createdAt: d.at,
        updatedAt: d.at,
        scope: { tenants: tenantsOf(d.ownerId, d.manufacturerId), regions: [...d.jurisdiction] },
      }));
    },
    DeviceUpdated: (e) =>
      patch(e.streamId, e.data.at, (current) => ({
        name: e.data.name,
        model: e.data.model,
        type: e.data.type,
        spec: e.data.spec,
        parameters: e.data.parameters,
        project: e.data.project,
        manufacturedOn: e.data.manufacturedOn,
        warrantyMonths: e.data.warrantyMonths,
        warrantyEndsOn: e.data.warrantyEndsOn,
        reminderOpen: reminderOpen(current, e.data.warrantyEndsOn),
        countyCode: e.data.countyCode,
        address: e.data.address,
        lat: e.data.coordinates?.lat ?? null,
        lng: e.data.coordinates?.lng ?? null,
        scope: { tenants: current.scope.tenants, regions: [...e.data.jurisdiction] },
      })),
    DeviceSold: (e) =>
      patch(e.streamId, e.data.at, (current) => ({
        ownerId: e.data.ownerId,
        soldOn: e.data.soldOn,
        warrantyEndsOn: e.data.warrantyEndsOn,
        reminderOpen: reminderOpen(current, e.data.warrantyEndsOn),
        scope: { tenants: tenantsOf(e.data.ownerId, current.manufacturerId), regions: current.scope.regions },
      })),
    DeviceStatusChanged: (e) => patch(e.streamId, e.data.at, () => ({ status: e.data.status })),
    DeviceImagesChanged: (e) => patch(e.streamId, e.data.at, () => ({ images: e.data.images.map((i) => i.blobId), imageRefs: e.data.images })),
    DevicePublicRequestsChanged: (e) => patch(e.streamId, e.data.at, () => ({ publicRequests: e.data.enabled })),
    DeviceRetired: (e) => patch(e.streamId, e.data.at, () => ({ status: 'scrapped', publicRequests: false, reminderOpen: false })),
    // A reminder is not an edit of the device: the row keeps its updatedAt.
    WarrantyExpiryNoticed: (e) =>
      row<DeviceRow>(deviceIdOf(e.streamId), (current) => current && { ...current, warrantyNotice: { ...e.data }, reminderOpen: true }),
  },
});

/** The read models of devices, registered in PRODUCT_PROJECTIONS. */
export const DEVICES_PROJECTIONS: readonly Projection[] = [devicesProjection];
