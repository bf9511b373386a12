import { inject } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';

// The codes of the maintenance catalogue (domain/src/maintenance/catalogue.ts). The console reaches
// the backend over HTTP only, so it names the codes here and words them through its translations
// (workOrders.deviceTypes / faultTypes / priorities), which carry the catalogue's own labels.
export const DEVICE_TYPE_CODES = [
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
export const FAULT_TYPE_CODES = [
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
/** Urgent first, as the domain's PRIORITY_ORDER. */
export const PRIORITY_CODES = ['urgent', 'high', 'normal', 'low'] as const;

/** The known codes, for reading filters from the address. */
export const KNOWN_CODES = { priorities: PRIORITY_CODES, deviceTypes: DEVICE_TYPE_CODES, faultTypes: FAULT_TYPE_CODES };

/**
 * Labels of catalogue codes in the active language; a code the console does not know yet shows as
 * the backend spells it. Callers inside `computed` read the language signal so they re-run on a switch.
 */
export function catalogueLabels() {
  const transloco = inject(TranslocoService);
  const label = (group: string, known: readonly string[]) => (code: string | null | undefined) =>
    !code ? '—' : known.includes(code) ? transloco.translate(`workOrders.${group}.${code}`) : code;
  return {
    deviceType: label('deviceTypes', DEVICE_TYPE_CODES),
    faultType: label('faultTypes', FAULT_TYPE_CODES),
    priority: label('priorities', PRIORITY_CODES),
  };
}
