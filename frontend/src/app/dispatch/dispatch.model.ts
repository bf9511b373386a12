// What the dispatch API answers (backend/src/dispatch): provider and engineer profiles, the directory.

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
export const ENGINEER_LEVELS = ['junior', 'intermediate', 'senior', 'expert'] as const;

export interface Coordinates {
  readonly lat: number;
  readonly lng: number;
}

export interface Rating {
  readonly count: number;
  readonly mean: number | null;
}

export interface ProviderProfile {
  readonly enterpriseId: string;
  readonly name: string;
  readonly configured: boolean;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly serviceRegions: readonly { readonly code: string; readonly name: string }[];
  readonly base: Coordinates | null;
  readonly capacity: number | null;
  readonly openOrders: number;
  readonly certifiedEngineers: number;
  readonly rating: Rating;
  readonly updatedAt: string | null;
}

export interface ProviderProfileInput {
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly serviceRegions: readonly string[];
  readonly base: Coordinates | null;
  readonly capacity: number;
}

export interface EngineerProfile {
  readonly enterpriseId: string;
  readonly userId: string;
  readonly name: string | null;
  readonly configured: boolean;
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly fields: readonly string[];
  readonly level: string | null;
  readonly yearsOfExperience: number | null;
  readonly base: Coordinates | null;
  readonly available: boolean;
  readonly certified: boolean;
  readonly openOrders: number;
  readonly capacity: number;
  readonly rating: Rating;
  readonly updatedAt: string | null;
}

export interface EngineerSkillsInput {
  readonly deviceTypes: readonly string[];
  readonly faultTypes: readonly string[];
  readonly fields: readonly string[];
}

export interface EngineerProfileInput extends EngineerSkillsInput {
  readonly level: string;
  readonly yearsOfExperience: number;
  readonly base: Coordinates | null;
  readonly available: boolean;
}

export interface EngineerQuery {
  readonly skill: string;
  readonly level: string;
  readonly certified: string;
  readonly available: string;
  readonly q: string;
  readonly page: number;
  readonly pageSize: number;
}
