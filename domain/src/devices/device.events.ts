import type { DomainEvent } from '../event-sourcing/event';
import type { DeviceType } from '../maintenance/catalogue';
import type { Party } from '../maintenance/party';

// ---- Events of a device (stream `Device-<deviceId>`) ----------------------------------------------
// A device is registered by its manufacturer or by the equipment user that runs it; a manufacturer's
// device gets its owner when it is sold. Both enterprises share the device (its rows' scope.tenants).

export type DeviceStatus = 'active' | 'idle' | 'faulty' | 'scrapped';
/** The statuses a device's holder sets by hand; `scrapped` only comes with `DeviceRetired`. */
export const DEVICE_OPERATING_STATUSES = ['active', 'idle', 'faulty'] as const;
export type DeviceOperatingStatus = (typeof DEVICE_OPERATING_STATUSES)[number];

export type DeviceParameter = {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
}

/** A photo of the device in the blob store; the file itself never enters the event log. */
export type DeviceImage = {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export type DeviceCoordinates = {
  readonly lat: number;
  readonly lng: number;
}

/** What the holders of a device may edit; checked again whenever it changes. */
export type DeviceDetails = {
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  readonly spec: string;
  readonly parameters: readonly DeviceParameter[];
  readonly project: string | null;
  /** ISO dates (YYYY-MM-DD). */
  readonly manufacturedOn: string | null;
  /** Months of the manufacturer's warranty, counted from the sale date. */
  readonly warrantyMonths: number;
  /** GB/T 2260 county code of the device's location. */
  readonly countyCode: string;
  /** `jurisdictionOf(countyCode)`, nearest first: ['440305', '4403', '44', 'CN']. */
  readonly jurisdiction: readonly string[];
  readonly address: string;
  readonly coordinates: DeviceCoordinates | null;
}

export type DeviceRegistered = DomainEvent<
  'DeviceRegistered',
  DeviceDetails & {
    deviceId: string;
    /** The registrant's own number for the device (serial or asset number), unique per registrant. */
    number: string;
    /** The enterprise that registered the device: its number is claimed under this enterprise. */
    registrantId: string;
    ownerId: string | null;
    manufacturerId: string | null;
    soldOn: string | null;
    warrantyEndsOn: string | null;
    images: readonly DeviceImage[];
    /** The unguessable token the device's QR label carries (not the device id). */
    qrToken: string;
    by: Party;
    at: string;
  }
>;
export type DeviceUpdated = DomainEvent<'DeviceUpdated', DeviceDetails & { warrantyEndsOn: string | null; by: Party; at: string }>;
export type DeviceSold = DomainEvent<
  'DeviceSold',
  { ownerId: string; soldOn: string; warrantyEndsOn: string | null; by: Party; at: string }
>;
export type DeviceStatusChanged = DomainEvent<'DeviceStatusChanged', { status: DeviceOperatingStatus; by: Party; at: string }>;
export type DeviceImagesChanged = DomainEvent<'DeviceImagesChanged', { images: readonly DeviceImage[]; by: Party; at: string }>;
export type DevicePublicRequestsChanged = DomainEvent<'DevicePublicRequestsChanged', { enabled: boolean; by: Party; at: string }>;
export type DeviceRetired = DomainEvent<'DeviceRetired', { reason: string; by: Party; at: string }>;
/** The warranty ending `warrantyEndsOn` was brought to the holders' notice (once per end date). */
export type WarrantyExpiryNoticed = DomainEvent<'WarrantyExpiryNoticed', { warrantyEndsOn: string; daysLeft: number; at: string }>;

export type DeviceEvent =
  | DeviceRegistered
  | DeviceUpdated
  | DeviceSold
  | DeviceStatusChanged
  | DeviceImagesChanged
  | DevicePublicRequestsChanged
  | DeviceRetired
  | WarrantyExpiryNoticed;

export const deviceStream = (deviceId: string): string => `Device-${deviceId}`;
