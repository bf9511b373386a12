import type { AnalyticsReader } from '../../analytics/application/analytics.queries';
import { AnalyticsBreakdownQueryDto, filtersOf } from '../../analytics/api/analytics.dto';
import type { ExportLocale, ExportSource } from '../export-source';
import { parseParams } from './parse-params';

// ---- One breakdown table of the analytics page as a file: the rows the dashboard shows -------------

const DIMENSIONS: Record<string, Record<ExportLocale, string>> = {
  region: { 'zh-CN': '地区', en: 'Region' },
  deviceType: { 'zh-CN': '设备类型', en: 'Device type' },
  faultType: { 'zh-CN': '故障类型', en: 'Fault type' },
  requester: { 'zh-CN': '报修企业', en: 'Requester' },
  provider: { 'zh-CN': '服务商', en: 'Provider' },
  manufacturer: { 'zh-CN': '制造商', en: 'Manufacturer' },
};

export const analyticsBreakdownExportSource = (reader: AnalyticsReader): ExportSource<AnalyticsBreakdownQueryDto> => ({
  kind: 'analytics-breakdown',
  permission: 'report:export',
  parse: (params) => parseParams(AnalyticsBreakdownQueryDto, params),
  title: (p, locale) => (locale === 'zh-CN' ? `统计分析-按${DIMENSIONS[p.dimension]?.[locale] ?? p.dimension}` : `Analytics by ${DIMENSIONS[p.dimension]?.[locale] ?? p.dimension}`),
  columns: (p, locale) => [
    { key: 'key', header: locale === 'zh-CN' ? '代码' : 'Code', width: 14 },
    { key: 'label', header: DIMENSIONS[p.dimension]?.[locale] ?? p.dimension, width: 24 },
    { key: 'value', header: p.metric, type: 'number', width: 14 },
    { key: 'requests', header: locale === 'zh-CN' ? '报修量' : 'Requests', type: 'number', width: 12 },
  ],
  count: async (p, actor) => (await reader.breakdown(actor, p.dimension, p.metric, filtersOf(p))).length,
  async *rows(p, actor) {
    for (const item of await reader.breakdown(actor, p.dimension, p.metric, filtersOf(p))) yield { key: item.key, label: item.label, value: item.value, requests: item.requests };
  },
});
