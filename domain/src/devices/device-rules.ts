import { RuleViolation } from '../event-sourcing/decider';
import { isDeviceType } from '../maintenance/catalogue';
import { levelOf, TenancyRuleViolation, type TenancyRules } from '../tenancy';
import type { DeviceSubmission } from './device.commands';
import type { DeviceDetails, DeviceImage, DeviceParameter } from './device.events';

// ---- Checks of what a caller says about a device --------------------------------------------------

/** A device rule refused the command; `field` names the input it is about, for the 4xx body. */
export class DeviceRuleViolation extends RuleViolation {
  constructor(
    rule: string,
    readonly field: string,
    message: string,
  ) {
    super(rule, message);
    this.name = 'DeviceRuleViolation';
  }
}

export const DEVICE_LIMITS = {
  name: 100,
  model: 100,
  spec: 1000,
  project: 100,
  address: 200,
  parameters: 50,
  parameterName: 40,
  parameterValue: 100,
  parameterUnit: 20,
  images: 9,
  imageBytes: 10 * 1024 * 1024,
  warrantyMonths: 120,
  reason: 500,
} as const;
export const DEVICE_IMAGE_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png'];
/** A serial or asset number as printed on a nameplate: letters, digits and `. _ -`. */
export const DEVICE_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Mainland China's extent, with a margin: a device registered here has its county in GB/T 2260. */
export const CHINA_BOUNDS = { lat: { min: 3, max: 54 }, lng: { min: 73, max: 136 } } as const;
/** Days before the warranty ends when its holders are reminded. */
export const WARRANTY_NOTICE_DAYS = 30;
const EARLIEST_DATE = '1950-01-01';

const violation = (rule: string, field: string, message: string) => new DeviceRuleViolation(rule, field, message);

export const text = (value: string, field: string, max: number, required = true): string => {
  const trimmed = value.trim();
  if (required && trimmed === '') throw violation('required', field, `${field} must not be empty`);
  if ([...trimmed].length > max) throw violation('max-length', field, `${field} must be at most ${max} characters`);
  return trimmed;
};

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export const isIsoDate = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The calendar date in China (UTC+8, no daylight saving) at an ISO instant. */
export const chinaDateOf = (at: string): string => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The day the warranty ends: the sale date plus the warranty's months, on the same day of the month
 * (the month's last day when it is shorter: 2026-01-31 + 1 → 2026-02-28). No sale, no warranty end.
 */
export const warrantyEndOf = (soldOn: string | null, warrantyMonths: number): string | null => {
  if (soldOn === null) return null;
  const [y, m, d] = soldOn.split('-').map(Number) as [number, number, number];
  const months = m - 1 + warrantyMonths;
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
};

/** A past (or today's) date, after 1950; null stays null. */
export const pastDate = (value: string | null, field: string, today: string): string | null => {
  if (value === null) return null;
  if (!isIsoDate(value)) throw violation('date', field, `${field} must be a date written YYYY-MM-DD`);
  if (value < EARLIEST_DATE) throw violation('date-range', field, `${field} must not be before ${EARLIEST_DATE}`);
  if (value > today) throw violation('date-in-future', field, `${field} must not be later than today (${today})`);
  return value;
};

export const saleAfterManufacture = (soldOn: string | null, manufacturedOn: string | null): void => {
  if (soldOn !== null && manufacturedOn !== null && soldOn < manufacturedOn)
    throw violation('sold-before-manufactured', 'soldOn', `the sale date ${soldOn} is before the manufacture date ${manufacturedOn}`);
};

const parametersOf = (parameters: readonly DeviceParameter[]): DeviceParameter[] => {
  if (parameters.length > DEVICE_LIMITS.parameters)
    throw violation('max-items', 'parameters', `a device has at most ${DEVICE_LIMITS.parameters} parameters`);
  const seen = new Set<string>();
  return parameters.map((p, i) => {
    const name = text(p.name, `parameters.${i}.name`, DEVICE_LIMITS.parameterName);
    if (seen.has(name)) throw violation('duplicate', `parameters.${i}.name`, `parameter ${name} is given twice`);
    seen.add(name);
    return {
      name,
      value: text(p.value, `parameters.${i}.value`, DEVICE_LIMITS.parameterValue),
      unit: text(p.unit, `parameters.${i}.unit`, DEVICE_LIMITS.parameterUnit, false),
    };
  });
};

/** Images of a device: a few photos, no repeats, of the kinds a browser shows. */
export const imagesOf = (images: readonly DeviceImage[]): DeviceImage[] => {
  if (images.length > DEVICE_LIMITS.images) throw violation('max-items', 'images', `a device has at most ${DEVICE_LIMITS.images} images`);
  const ids = new Set<string>();
  images.forEach((image, i) => {
    if (ids.has(image.blobId)) throw violation('duplicate', `images.${i}.blobId`, 'the same image is given twice');
    ids.add(image.blobId);
    if (!DEVICE_IMAGE_MEDIA_TYPES.includes(image.mediaType))
      throw violation('media-type', `images.${i}.mediaType`, 'a device image must be a JPEG or PNG picture');
    if (!Number.isInteger(image.size) || image.size <= 0 || image.size > DEVICE_LIMITS.imageBytes)
      throw violation('size', `images.${i}.size`, 'a device image must be between 1 byte and 10 MB');
  });
  return [...images];
};

/** The submission, checked, with the jurisdiction its county fixes. */
export const detailsOf = (rules: TenancyRules, s: DeviceSubmission, today: string): DeviceDetails => {
  if (!isDeviceType(s.type)) throw violation('device-type', 'type', `${JSON.stringify(s.type)} is not a device type of the catalogue`);
  let level;
  try {
    level = levelOf(rules, s.countyCode, 'countyCode');
  } catch (error) {
    if (error instanceof TenancyRuleViolation) throw violation(error.rule, error.field, error.message);
    throw error;
  }
  if (level !== 'county') throw violation('county-code', 'countyCode', `${s.countyCode} is not a county: give the 6-digit county code`);
  if (!Number.isInteger(s.warrantyMonths) || s.warrantyMonths < 0 || s.warrantyMonths > DEVICE_LIMITS.warrantyMonths)
    throw violation('warranty-months', 'warrantyMonths', `the warranty is a whole number of months from 0 to ${DEVICE_LIMITS.warrantyMonths}`);
  const c = s.coordinates;
  if (c !== null) {
    if (!Number.isFinite(c.lat) || c.lat < CHINA_BOUNDS.lat.min || c.lat > CHINA_BOUNDS.lat.max)
      throw violation('coordinates-range', 'coordinates.lat', `latitude must be between ${CHINA_BOUNDS.lat.min} and ${CHINA_BOUNDS.lat.max} (China)`);
    if (!Number.isFinite(c.lng) || c.lng < CHINA_BOUNDS.lng.min || c.lng > CHINA_BOUNDS.lng.max)
      throw violation('coordinates-range', 'coordinates.lng', `longitude must be between ${CHINA_BOUNDS.lng.min} and ${CHINA_BOUNDS.lng.max} (China)`);
  }
  const project = s.project === null ? '' : text(s.project, 'project', DEVICE_LIMITS.project, false);
  return {
    name: text(s.name, 'name', DEVICE_LIMITS.name),
    model: text(s.model, 'model', DEVICE_LIMITS.model),
    type: s.type,
    spec: text(s.spec, 'spec', DEVICE_LIMITS.spec, false),
    parameters: parametersOf(s.parameters),
    project: project === '' ? null : project,
    manufacturedOn: pastDate(s.manufacturedOn, 'manufacturedOn', today),
    warrantyMonths: s.warrantyMonths,
    countyCode: s.countyCode,
    jurisdiction: rules.jurisdictionOf(s.countyCode),
    address: text(s.address, 'address', DEVICE_LIMITS.address),
    coordinates: c === null ? null : { lat: c.lat, lng: c.lng },
  };
};
