import type { AnalyticsMetric } from '@kuaige/domain';
import type { AnalyticsReader } from '../../analytics/application/analytics.queries';
import { AnalyticsFilterInput, filtersOf } from '../../analytics/api/analytics.dto';
import { measureLabel } from '../../reports/application/report-labels';
import type { ExportSource } from '../export-source';
import { parseParams } from './parse-params';

// ---- The engineers' workload and quality table (STAFF-3) as a file: the rows the 工程师 board shows --
// Same filters and scope as `GET /api/v1/analytics/engineers`: a provider its engineers, an operator
// those who worked in its region, an engineer himself. Measures are headed as everywhere else.

const MEASURES: readonly AnalyticsMetric[] = ['requests', 'completed', 'firstTimeFixRate', 'reworkRate', 'repairP50', 'repairP90', 'satisfaction'];

export const analyticsEngineersExportSource = (reader: AnalyticsReader): ExportSource<AnalyticsFilterInput> => ({
  kind: 'analytics-engineers',
  permission: 'report:export',
  parse: (params) => parseParams(AnalyticsFilterInput, params),
  title: (_p, locale) => (locale === 'zh-CN' ? '工程师绩效' : 'Engineer performance'),
  columns: (_p, locale) => [
    { key: 'name', header: locale === 'zh-CN' ? '工程师' : 'Engineer', width: 14 },
    { key: 'providerName', header: locale === 'zh-CN' ? '服务商' : 'Provider', width: 24 },
    ...MEASURES.map((m) => ({ key: m, header: measureLabel(m, locale), type: 'number' as const, width: 14 })),
  ],
  count: async (p, actor) => (await reader.engineers(actor, filtersOf(p))).length,
  async *rows(p, actor) {
    for (const e of await reader.engineers(actor, filtersOf(p))) {
      yield { name: e.name, providerName: e.providerName ?? '', ...Object.fromEntries(MEASURES.map((m) => [m, e.metrics[m]])) };
    }
  },
});
