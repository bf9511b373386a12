import { DEVICE_TYPES, FAULT_TYPES, PRIORITIES } from '@kuaige/domain';
import type { Filter, ReadModelStore } from '@kuaige/projections';
import { STATUS_LABELS } from '../../dispatch/application/device-history';
import { scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { WorkOrderListQueryDto } from '../../work-orders/api/work-orders.dto';
import { listFilter, sortOf, type WorkOrderListQuery } from '../../work-orders/read-models/work-order.queries';
import { WORK_ORDERS_COLLECTION, type WorkOrderRow } from '../../work-orders/read-models/work-orders.projections';
import type { ExportColumn, ExportLocale, ExportSource } from '../export-source';
import { parseParams } from './parse-params';

// ---- The work-order list as a file: the list's filters, its scope and its order, every page ----------

type Params = Omit<WorkOrderListQuery, 'page' | 'pageSize'>;

/** Sort fields every row has a value of (`sortOf`'s names: priority sorts by priorityRank). */
const KEYSET_FIELDS: ReadonlySet<string> = new Set(['submittedAt', 'updatedAt', 'number', 'status', 'priorityRank']);

/** Rows read from the store at a time. */
export const WORK_ORDER_EXPORT_PAGE = 1_000;

const label = (table: Readonly<Record<string, { 'zh-CN': string; en: string }>>, code: string | null | undefined, locale: ExportLocale) =>
  code ? (table[code]?.[locale] ?? code) : '';

const HEADERS: Record<string, Record<ExportLocale, string>> = {
  number: { 'zh-CN': '工单号', en: 'Number' },
  status: { 'zh-CN': '状态', en: 'Status' },
  priority: { 'zh-CN': '优先级', en: 'Priority' },
  deviceName: { 'zh-CN': '设备', en: 'Device' },
  deviceType: { 'zh-CN': '设备类型', en: 'Device type' },
  faultType: { 'zh-CN': '故障类型', en: 'Fault type' },
  faultSummary: { 'zh-CN': '故障描述', en: 'Fault' },
  countyCode: { 'zh-CN': '区县代码', en: 'County code' },
  submittedAt: { 'zh-CN': '提交时间', en: 'Submitted' },
  dispatchedAt: { 'zh-CN': '派单时间', en: 'Dispatched' },
  completedAt: { 'zh-CN': '完工时间', en: 'Completed' },
};
const TYPES: Partial<Record<string, ExportColumn['type']>> = { submittedAt: 'instant', dispatchedAt: 'instant', completedAt: 'instant' };
const WIDTHS: Partial<Record<string, number>> = { number: 18, deviceName: 20, faultSummary: 40, submittedAt: 20, dispatchedAt: 20, completedAt: 20 };

export const workOrdersExportSource = (store: ReadModelStore): ExportSource<Params> => {
  const filterOf = (params: Params, actor: Actor) => scopedFilter(actor, 'read', 'WorkOrder', listFilter(actor, { ...params, page: 1, pageSize: 1 }));
  return {
    kind: 'work-orders',
    permission: 'work-order:export',
    parse: (params) => {
      const { status, priority, deviceType, faultType, region, from, to, q, deviceId, queue, sort } = parseParams(WorkOrderListQueryDto, params, ['page', 'pageSize']);
      return Object.fromEntries(Object.entries({ status, priority, deviceType, faultType, region, from, to, q, deviceId, queue, sort }).filter(([, v]) => v !== undefined)) as Params;
    },
    title: (_, locale) => (locale === 'zh-CN' ? '工单列表' : 'Work orders'),
    columns: (_, locale) => Object.entries(HEADERS).map(([key, header]) => ({ key, header: header[locale], type: TYPES[key] ?? 'text', width: WIDTHS[key] ?? 14 })),
    count: (params, actor) => store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION).count(filterOf(params, actor)),
    async *rows(params, actor, locale) {
      const rows = store.collection<WorkOrderRow>(WORK_ORDERS_COLLECTION);
      const filter = filterOf(params, actor);
      const sort = sortOf(params.sort);
      const [field, direction] = Object.entries(sort)[0] as [keyof WorkOrderRow & string, 1 | -1];
      // Pages follow the last row (keyset) where the sort field always has a value: skipping would
      // sort and pass over every earlier row again for each page. Fields that may be null page by skip.
      const keyset = KEYSET_FIELDS.has(field);
      let after: WorkOrderRow | null = null;
      for (let skip = 0; ; skip += WORK_ORDER_EXPORT_PAGE) {
        const from: Filter | null =
          after === null ? null : { $or: [{ [field]: { [direction === 1 ? '$gt' : '$lt']: after[field] } }, { [field]: after[field], _id: { $gt: after._id } }] };
        const page = await rows.find(keyset && from ? { $and: [filter, from] } : filter, { sort, skip: keyset ? 0 : skip, limit: WORK_ORDER_EXPORT_PAGE });
        for (const r of page) {
          yield {
            number: r.number,
            status: label(STATUS_LABELS, r.status, locale),
            priority: label(PRIORITIES, r.priority, locale),
            deviceName: r.deviceName,
            deviceType: label(DEVICE_TYPES, r.deviceType, locale),
            faultType: label(FAULT_TYPES, r.faultType, locale),
            faultSummary: r.faultSummary,
            countyCode: r.countyCode,
            submittedAt: r.submittedAt,
            dispatchedAt: r.dispatchedAt,
            completedAt: r.completedAt,
          };
        }
        if (page.length < WORK_ORDER_EXPORT_PAGE) return;
        after = page[page.length - 1]!;
      }
    },
  };
};
