/** The maintenance catalogue's device type codes (labels: `devices.types.<code>`). */
export const DEVICE_TYPES = [
  'cnc-machine',
  'injection-molding',
  'air-compressor',
  'industrial-robot',
  'hvac-chiller',
  'elevator',
  'industrial-boiler',
  'diesel-generator',
  'forklift',
  'medical-imaging',
  'water-pump',
  'packaging-line',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const DEVICE_STATUSES = ['active', 'idle', 'faulty', 'scrapped'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
/** What a holder sets by hand; scrapped comes with retirement. */
export const OPERATING_STATUSES = ['active', 'idle', 'faulty'] as const;

export const DEVICE_SORTS = ['-updatedAt', 'number', 'name', 'warrantyEndsOn', '-warrantyEndsOn'] as const;

export interface DeviceParameter {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
}

export interface DeviceImage {
  readonly blobId: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface Device {
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  readonly spec: string;
  readonly parameters: readonly DeviceParameter[];
  readonly images: readonly DeviceImage[];
  readonly project: string | null;
  readonly manufacturedOn: string | null;
  readonly soldOn: string | null;
  readonly warrantyMonths: number;
  readonly warrantyEndsOn: string | null;
  readonly warrantyDaysLeft: number | null;
  readonly countyCode: string;
  readonly address: string;
  readonly lat: number | null;
  readonly lng: number | null;
  readonly status: DeviceStatus;
  readonly registrantId: string;
  readonly ownerId: string | null;
  readonly manufacturerId: string | null;
  readonly publicRequests: boolean;
  readonly qrToken: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DeviceQuery {
  readonly type: string;
  readonly status: string;
  readonly project: string;
  readonly region: string;
  readonly q: string;
  readonly sort: string;
  readonly page: number;
  readonly pageSize: number;
}

/** What the register/edit form sends. */
export interface DeviceSubmission {
  readonly number?: string;
  readonly name: string;
  readonly model: string;
  readonly type: string;
  readonly spec: string;
  readonly parameters: readonly DeviceParameter[];
  readonly project: string | null;
  readonly manufacturedOn: string | null;
  readonly soldOn?: string | null;
  readonly warrantyMonths: number;
  readonly countyCode: string;
  readonly address: string;
  readonly coordinates: { readonly lat: number; readonly lng: number } | null;
  readonly images: readonly DeviceImage[];
  readonly publicRequests: boolean;
}

export interface DeviceImportReport {
  readonly imported: number;
  readonly created: readonly { readonly row: number; readonly deviceId: string; readonly number: string }[];
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly rule: string; readonly message: string }[];
}

/** What the public QR form may show of a device. */
export interface PublicDevice {
  readonly token: string;
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  readonly typeLabel: { readonly 'zh-CN': string; readonly en: string };
  readonly place: string;
}

/** The maintenance catalogue's fault type codes (labels: `devices.faultTypes.<code>`). */
export const FAULT_TYPES = [
  'electrical',
  'mechanical',
  'hydraulic',
  'control-system',
  'software',
  'abnormal-noise',
  'leakage',
  'overheating',
  'routine-maintenance',
  'other',
] as const;

/** What the public QR form sends: a contact and what is wrong. */
export interface PublicRequest {
  readonly contact: { readonly name: string; readonly phone: string };
  readonly faultType: string;
  readonly description: string;
}
