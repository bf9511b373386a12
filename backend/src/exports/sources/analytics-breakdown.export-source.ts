import type { AnalyticsReader } from '../../analytics/application/analytics.queries';
import { AnalyticsBreakdownQueryDto, filtersOf } from '../../analytics/api/analytics.dto';
import { dimensionLabel, measureLabel } from '../../reports/application/report-labels';
import type { ExportSource } from '../export-source';
import { parseParams } from './parse-params';

// ---- One breakdown table of the analytics page as a file: the rows the dashboard shows -------------
// Dimensions and measures are headed as in custom reports (report-labels).

export const analyticsBreakdownExportSource = (reader: AnalyticsReader): ExportSource<AnalyticsBreakdownQueryDto> => ({
  kind: 'analytics-breakdown',
  permission: 'report:export',
  parse: (params) => parseParams(AnalyticsBreakdownQueryDto, params),
  title: (p, locale) => (locale === 'zh-CN' ? `统计分析-按${dimensionLabel(p.dimension, locale)}` : `Analytics by ${dimensionLabel(p.dimension, locale)}`),
  columns: (p, locale) => [
    { key: 'key', header: locale === 'zh-CN' ? '代码' : 'Code', width: 14 },
    { key: 'label', header: dimensionLabel(p.dimension, locale), width: 24 },
    { key: 'value', header: measureLabel(p.metric, locale), type: 'number', width: 14 },
    { key: 'requests', header: measureLabel('requests', locale), type: 'number', width: 12 },
  ],
  count: async (p, actor) => (await reader.breakdown(actor, p.dimension, p.metric, filtersOf(p))).length,
  async *rows(p, actor) {
    for (const item of await reader.breakdown(actor, p.dimension, p.metric, filtersOf(p))) yield { key: item.key, label: item.label, value: item.value, requests: item.requests };
  },
});
