import type { Device, DeviceParameter, DeviceQuery, DeviceSubmission } from './devices.model';

// ---- What the device pages compute, kept apart from the templates so it is specified by tests ----

export type WarrantyState = 'none' | 'active' | 'ending' | 'expired';

/** Days before the end when the warranty counts as ending (the backend reminds then too). */
export const WARRANTY_ENDING_DAYS = 30;

/** Where a device's warranty stands by its days left. */
export function warrantyState(daysLeft: number | null): WarrantyState {
  if (daysLeft === null) return 'none';
  if (daysLeft < 0) return 'expired';
  return daysLeft <= WARRANTY_ENDING_DAYS ? 'ending' : 'active';
}

/** The list query as the API takes it: empty filters left out. */
export function listParams(query: DeviceQuery): Record<string, string | number> {
  const params: Record<string, string | number> = { page: query.page, pageSize: query.pageSize };
  for (const key of ['type', 'status', 'project', 'region', 'q', 'sort'] as const) if (query[key]) params[key] = query[key];
  return params;
}

/** Editable parameter rows → what the API takes: blank rows dropped, text trimmed. */
export function parametersOf(rows: readonly { name: string; value: string; unit: string }[]): DeviceParameter[] {
  return rows
    .map((r) => ({ name: r.name.trim(), value: r.value.trim(), unit: r.unit.trim() }))
    .filter((r) => r.name !== '' || r.value !== '');
}

/** A coordinate field's text as a number, or null when left empty. */
export function coordinateOf(text: string | number | null): number | null {
  if (text === null || text === '') return null;
  const n = typeof text === 'number' ? text : Number(String(text).trim());
  return Number.isFinite(n) ? n : null;
}

export interface DeviceFormValue {
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: string;
  readonly spec: string;
  readonly project: string;
  readonly manufacturedOn: string;
  readonly soldOn: string;
  readonly warrantyMonths: number | null;
  readonly countyCode: string;
  readonly address: string;
  readonly lat: number | null;
  readonly lng: number | null;
  readonly publicRequests: boolean;
}

/** The form's values as the body of a registration (with the number) or of an edit (without). */
export function submissionOf(
  v: DeviceFormValue,
  parameters: readonly { name: string; value: string; unit: string }[],
  images: DeviceSubmission['images'],
  mode: 'register' | 'edit',
): DeviceSubmission {
  const lat = coordinateOf(v.lat);
  const lng = coordinateOf(v.lng);
  return {
    ...(mode === 'register' ? { number: v.number.trim() } : {}),
    name: v.name.trim(),
    model: v.model.trim(),
    type: v.type,
    spec: v.spec.trim(),
    parameters: parametersOf(parameters),
    project: v.project.trim() || null,
    manufacturedOn: v.manufacturedOn || null,
    ...(mode === 'register' && v.soldOn ? { soldOn: v.soldOn } : {}),
    warrantyMonths: v.warrantyMonths ?? 12,
    countyCode: v.countyCode,
    address: v.address.trim(),
    coordinates: lat === null || lng === null ? null : { lat, lng },
    images,
    publicRequests: v.publicRequests,
  };
}

/** The form's starting values: empty for a registration, the device's own for an edit. */
export function formValueOf(device: Device | null): DeviceFormValue {
  return {
    number: device?.number ?? '',
    name: device?.name ?? '',
    model: device?.model ?? '',
    type: device?.type ?? '',
    spec: device?.spec ?? '',
    project: device?.project ?? '',
    manufacturedOn: device?.manufacturedOn ?? '',
    soldOn: device?.soldOn ?? '',
    warrantyMonths: device?.warrantyMonths ?? 12,
    countyCode: device?.countyCode ?? '',
    address: device?.address ?? '',
    lat: device?.lat ?? null,
    lng: device?.lng ?? null,
    publicRequests: device?.publicRequests ?? false,
  };
}

/** Where the QR page sends a signed-in user who may see the device: the request form for it, marked as raised from the label. */
export function requestFormLink(deviceId: string): { path: string[]; queryParams: { device: string; channel: 'qr' } } {
  return { path: ['/work-orders/new'], queryParams: { device: deviceId, channel: 'qr' } };
}

/**
 * What the /r/:token page shows: the request form for a device the signed-in user can see, the public
 * form when the device's holder opened it, otherwise sign-in (anonymous) or "not found".
 */
export type QrOutcome = 'open-request-form' | 'public-form' | 'sign-in' | 'not-found';
export function qrOutcome(signedIn: boolean, visibleDeviceId: string | null, publicFormOpen: boolean): QrOutcome {
  if (signedIn && visibleDeviceId) return 'open-request-form';
  if (publicFormOpen) return 'public-form';
  return signedIn ? 'not-found' : 'sign-in';
}
