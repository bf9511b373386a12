import type { DeviceType } from './catalogue';

/**
 * What a work order takes from its device when the request is raised (and keeps: a later edit of the
 * device does not rewrite the work order's history). Produced by the devices context from the device's
 * stream; the work-order decider checks the requester against it.
 */
export interface DeviceSnapshot {
  readonly deviceId: string;
  readonly number: string;
  readonly name: string;
  readonly model: string;
  readonly type: DeviceType;
  /** The equipment-user enterprise that owns the device, once it is sold/installed. */
  readonly ownerId: string | null;
  /** The manufacturer enterprise, when it is on the platform. */
  readonly manufacturerId: string | null;
  /** GB/T 2260 county code of the device's location: fixes the work order's jurisdiction. */
  readonly countyCode: string;
  /** `jurisdictionOf(countyCode)`: the county and its ancestors, nearest first (county, city, province, 'CN'). */
  readonly jurisdiction: readonly string[];
  readonly coordinates: { readonly lat: number; readonly lng: number } | null;
  /** ISO dates (YYYY-MM-DD). */
  readonly soldOn: string | null;
  readonly warrantyEndsOn: string | null;
  readonly status: 'active' | 'idle' | 'faulty' | 'scrapped';
}
