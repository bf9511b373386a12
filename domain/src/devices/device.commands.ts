import type { Command } from '../event-sourcing/decider';
import type { Party } from '../maintenance/party';
import type { DeviceCoordinates, DeviceImage, DeviceOperatingStatus, DeviceParameter } from './device.events';

// ---- Commands of a device. Time always comes in the command (`at`, ISO 8601). ---------------------

/** What a caller submits about a device; the decider checks it and derives the jurisdiction. */
export type DeviceSubmission = {
  readonly name: string;
  readonly model: string;
  readonly type: string;
  readonly spec: string;
  readonly parameters: readonly DeviceParameter[];
  readonly project: string | null;
  readonly manufacturedOn: string | null;
  readonly warrantyMonths: number;
  readonly countyCode: string;
  readonly address: string;
  readonly coordinates: DeviceCoordinates | null;
}

/** The kind of an enterprise as the caller read it from its stream; null when there is none. */
export type EnterpriseKind = 'manufacturer' | 'equipment-user' | 'service-provider' | null;

export type RegisterDevice = Command<
  'RegisterDevice',
  DeviceSubmission & {
    deviceId: string;
    number: string;
    by: Party;
    /** The kind of the acting enterprise (`by.enterpriseId`). */
    byKind: EnterpriseKind;
    /** An equipment user registering names its device's manufacturer when it is on the platform. */
    manufacturerId: string | null;
    manufacturerKind: EnterpriseKind;
    /** An equipment user registers the device it owns with the date it bought it. */
    soldOn: string | null;
    images: readonly DeviceImage[];
    qrToken: string;
    at: string;
  }
>;
export type UpdateDevice = Command<'UpdateDevice', DeviceSubmission & { by: Party; at: string }>;
export type SellDevice = Command<'SellDevice', { ownerId: string; ownerKind: EnterpriseKind; soldOn: string; by: Party; at: string }>;
export type ChangeDeviceStatus = Command<'ChangeDeviceStatus', { status: DeviceOperatingStatus | string; by: Party; at: string }>;
export type ChangeDeviceImages = Command<'ChangeDeviceImages', { images: readonly DeviceImage[]; by: Party; at: string }>;
export type ChangeDevicePublicRequests = Command<'ChangeDevicePublicRequests', { enabled: boolean; by: Party; at: string }>;
export type RetireDevice = Command<'RetireDevice', { reason: string; by: Party; at: string }>;
/** The daily reminder job asks each device whose warranty ends soon; the device answers at most once. */
export type NoticeWarrantyExpiry = Command<'NoticeWarrantyExpiry', { at: string }>;

export type DeviceCommand =
  | RegisterDevice
  | UpdateDevice
  | SellDevice
  | ChangeDeviceStatus
  | ChangeDeviceImages
  | ChangeDevicePublicRequests
  | RetireDevice
  | NoticeWarrantyExpiry;
