import type { AnalyticsReader } from '../../analytics/application/analytics.queries';
import { AnalyticsFilterInput, filtersOf } from '../../analytics/api/analytics.dto';
import type { ExportColumn, ExportLocale, ExportSource } from '../export-source';
import { parseParams } from './parse-params';

// ---- The engineers' workload and quality table (STAFF-3) as a file: the rows the 工程师 board shows --
// Same filters and scope as `GET /api/v1/analytics/engineers`: a provider its engineers, an operator
// those who worked in its region, an engineer himself.

const COLUMNS: readonly { key: string; header: Record<ExportLocale, string>; type?: ExportColumn['type']; width?: number }[] = [
  { key: 'name', header: { 'zh-CN': '工程师', en: 'Engineer' }, width: 14 },
  { key: 'providerName', header: { 'zh-CN': '服务商', en: 'Provider' }, width: 24 },
  { key: 'requests', header: { 'zh-CN': '接单量', en: 'Orders' }, type: 'number', width: 10 },
  { key: 'completed', header: { 'zh-CN': '完工量', en: 'Completed' }, type: 'number', width: 10 },
  { key: 'firstTimeFixRate', header: { 'zh-CN': '一次修复率', en: 'First-time fix rate' }, type: 'number', width: 12 },
  { key: 'reworkRate', header: { 'zh-CN': '返修率', en: 'Rework rate' }, type: 'number', width: 10 },
  { key: 'repairP50', header: { 'zh-CN': '维修时长中位数（分钟）', en: 'Repair time p50 (min)' }, type: 'number', width: 16 },
  { key: 'repairP90', header: { 'zh-CN': '维修时长P90（分钟）', en: 'Repair time p90 (min)' }, type: 'number', width: 16 },
  { key: 'satisfaction', header: { 'zh-CN': '满意度', en: 'Satisfaction' }, type: 'number', width: 10 },
];

export const analyticsEngineersExportSource = (reader: AnalyticsReader): ExportSource<AnalyticsFilterInput> => ({
  kind: 'analytics-engineers',
  permission: 'report:export',
  parse: (params) => parseParams(AnalyticsFilterInput, params),
  title: (_p, locale) => (locale === 'zh-CN' ? '工程师绩效' : 'Engineer performance'),
  columns: (_p, locale) => COLUMNS.map((c) => ({ key: c.key, header: c.header[locale], type: c.type, width: c.width })),
  count: async (p, actor) => (await reader.engineers(actor, filtersOf(p))).length,
  async *rows(p, actor) {
    for (const e of await reader.engineers(actor, filtersOf(p))) {
      yield {
        name: e.name,
        providerName: e.providerName ?? '',
        requests: e.metrics.requests,
        completed: e.metrics.completed,
        firstTimeFixRate: e.metrics.firstTimeFixRate,
        reworkRate: e.metrics.reworkRate,
        repairP50: e.metrics.repairP50,
        repairP90: e.metrics.repairP90,
        satisfaction: e.metrics.satisfaction,
      };
    }
  },
});
