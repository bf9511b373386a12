// ---- The maintenance catalogue: device types, fault types, priorities ----------------------------
//
// Kept as data: devices, requests, provider and engineer skills and the dispatch ranking all name these
// codes, and the console shows their labels. A code never changes meaning; new ones are appended.

export interface CatalogueLabel {
  readonly 'zh-CN': string;
  readonly en: string;
}

export const DEVICE_TYPES = {
  'cnc-machine': { 'zh-CN': '数控机床', en: 'CNC machine' },
  'injection-molding': { 'zh-CN': '注塑机', en: 'Injection moulding machine' },
  'air-compressor': { 'zh-CN': '空压机', en: 'Air compressor' },
  'industrial-robot': { 'zh-CN': '工业机器人', en: 'Industrial robot' },
  'hvac-chiller': { 'zh-CN': '中央空调冷水机组', en: 'HVAC chiller' },
  elevator: { 'zh-CN': '电梯', en: 'Elevator' },
  'industrial-boiler': { 'zh-CN': '工业锅炉', en: 'Industrial boiler' },
  'diesel-generator': { 'zh-CN': '柴油发电机组', en: 'Diesel generator set' },
  'forklift': { 'zh-CN': '叉车', en: 'Forklift' },
  'medical-imaging': { 'zh-CN': '医学影像设备', en: 'Medical imaging equipment' },
  'water-pump': { 'zh-CN': '水泵机组', en: 'Water pump set' },
  'packaging-line': { 'zh-CN': '包装生产线', en: 'Packaging line' },
} as const satisfies Record<string, CatalogueLabel>;
export type DeviceType = keyof typeof DEVICE_TYPES;

export const FAULT_TYPES = {
  electrical: { 'zh-CN': '电气故障', en: 'Electrical' },
  mechanical: { 'zh-CN': '机械故障', en: 'Mechanical' },
  hydraulic: { 'zh-CN': '液压/气动故障', en: 'Hydraulic or pneumatic' },
  'control-system': { 'zh-CN': '控制系统故障', en: 'Control system' },
  software: { 'zh-CN': '软件/参数故障', en: 'Software or parameters' },
  'abnormal-noise': { 'zh-CN': '异响/振动', en: 'Noise or vibration' },
  leakage: { 'zh-CN': '泄漏', en: 'Leakage' },
  overheating: { 'zh-CN': '过热', en: 'Overheating' },
  'routine-maintenance': { 'zh-CN': '例行保养', en: 'Routine maintenance' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, CatalogueLabel>;
export type FaultType = keyof typeof FAULT_TYPES;

/** Urgency of a work order (WO-5); `urgent` first. */
export const PRIORITIES = {
  urgent: { 'zh-CN': '紧急', en: 'Urgent' },
  high: { 'zh-CN': '高', en: 'High' },
  normal: { 'zh-CN': '普通', en: 'Normal' },
  low: { 'zh-CN': '低', en: 'Low' },
} as const satisfies Record<string, CatalogueLabel>;
export type Priority = keyof typeof PRIORITIES;
export const PRIORITY_ORDER: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];

export const isDeviceType = (code: string): code is DeviceType => Object.hasOwn(DEVICE_TYPES, code);
export const isFaultType = (code: string): code is FaultType => Object.hasOwn(FAULT_TYPES, code);
export const isPriority = (code: string): code is Priority => Object.hasOwn(PRIORITIES, code);
