import type { AnalyticsMetric, ReportDimension } from '@kuaige/domain';

// Column headers of a report's table, in the console's two languages: the API answers them so that an
// export or a scheduled run's snapshot reads without the console's translations.

export type ReportLocale = 'zh-CN' | 'en';

const MEASURES: Record<AnalyticsMetric, Record<ReportLocale, string>> = {
  requests: { 'zh-CN': '报修量', en: 'Requests' },
  completed: { 'zh-CN': '完工量', en: 'Completed' },
  cancelled: { 'zh-CN': '取消量', en: 'Cancelled' },
  closed: { 'zh-CN': '关闭量', en: 'Closed' },
  firstTimeFixRate: { 'zh-CN': '一次修复率', en: 'First-time fix rate' },
  reworkRate: { 'zh-CN': '返修率', en: 'Rework rate' },
  responseP50: { 'zh-CN': '响应时长 P50（分钟）', en: 'Response P50 (min)' },
  responseP90: { 'zh-CN': '响应时长 P90（分钟）', en: 'Response P90 (min)' },
  repairP50: { 'zh-CN': '维修时长 P50（分钟）', en: 'Repair P50 (min)' },
  repairP90: { 'zh-CN': '维修时长 P90（分钟）', en: 'Repair P90 (min)' },
  slaCompliance: { 'zh-CN': 'SLA 达标率', en: 'SLA compliance' },
  satisfaction: { 'zh-CN': '满意度', en: 'Satisfaction' },
  manufacturerSatisfaction: { 'zh-CN': '厂商满意度', en: 'Manufacturer satisfaction' },
  alarms: { 'zh-CN': '告警数', en: 'Alarms' },
  partsQuantity: { 'zh-CN': '备件用量', en: 'Parts used' },
  partsValueFen: { 'zh-CN': '备件金额（分）', en: 'Parts value (fen)' },
};

const DIMENSIONS: Record<ReportDimension, Record<ReportLocale, string>> = {
  region: { 'zh-CN': '地区', en: 'Region' },
  deviceType: { 'zh-CN': '设备类型', en: 'Device type' },
  faultType: { 'zh-CN': '故障类型', en: 'Fault type' },
  requester: { 'zh-CN': '报修单位', en: 'Requester' },
  provider: { 'zh-CN': '服务商', en: 'Provider' },
  manufacturer: { 'zh-CN': '厂商', en: 'Manufacturer' },
  day: { 'zh-CN': '日期', en: 'Day' },
  week: { 'zh-CN': '周', en: 'Week' },
  month: { 'zh-CN': '月份', en: 'Month' },
};

export const measureLabel = (m: AnalyticsMetric, locale: ReportLocale): string => MEASURES[m][locale];
export const dimensionLabel = (d: ReportDimension, locale: ReportLocale): string => DIMENSIONS[d][locale];
