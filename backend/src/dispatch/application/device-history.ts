import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DEVICE_TYPES, FAULT_TYPES, PRIORITIES, type CatalogueLabel } from '@kuaige/domain';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { writePdf } from '../../pdf/pdf-writer';
import { layoutReport, type ReportBlock } from '../../pdf/report-layout';
import { defineSheet, type SheetLanguage } from '../../tabular';
import { placeName } from '../../tenancy/division-data';
import { DispatchFacts, WORK_ORDERS, type ProcessingRecordView, type WorkOrderListRow } from './dispatch-facts';

// ---- A device's maintenance history (WO-12): its orders with their processing records ------------
// The orders are those of the device the caller may read (their access filter on work_orders); the
// records come from each order's own stream, as the detail view folds them.

export const DEVICES = 'devices';
/** More orders than this for one device are cut at the newest, and the answer says so. */
export const HISTORY_MAX_ORDERS = 500;

export interface DeviceRow {
  readonly _id: string;
  readonly number?: string;
  readonly name?: string;
  readonly model?: string;
  readonly type?: string;
  readonly countyCode?: string;
  readonly address?: string;
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly [field: string]: unknown;
}

export interface HistoryOrder {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly priority: string;
  readonly faultType: string;
  readonly faultSummary: string | null;
  readonly submittedAt: string;
  readonly completedAt: string | null;
  readonly closedAt: string | null;
  readonly provider: { readonly id: string; readonly name: string } | null;
  readonly engineer: { readonly id: string; readonly name: string | null } | null;
  readonly userScore: number | null;
  readonly manufacturerScore: number | null;
  readonly records: readonly ProcessingRecordView[];
}

export interface DeviceHistory {
  readonly device: { readonly id: string; readonly number: string; readonly name: string; readonly model: string; readonly type: string; readonly countyCode: string | null; readonly placeName: string | null };
  readonly items: readonly HistoryOrder[];
  readonly total: number;
  readonly truncated: boolean;
}

export class GetDeviceHistory extends Query<DeviceHistory> {
  constructor(
    readonly device: DeviceRow,
    /** The caller's access filter on work orders (scopedFilter). */
    readonly access: Filter,
  ) {
    super();
  }
}

@QueryHandler(GetDeviceHistory)
export class GetDeviceHistoryHandler implements IQueryHandler<GetDeviceHistory, DeviceHistory> {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly facts: DispatchFacts,
  ) {}
  async execute({ device, access }: GetDeviceHistory): Promise<DeviceHistory> {
    await this.facts.caughtUp([WORK_ORDERS]);
    const query = { $and: [visibleRows, access, { deviceId: device._id }] };
    const collection = this.store.collection<WorkOrderListRow>(WORK_ORDERS);
    const [rows, total] = await Promise.all([collection.find(query, { sort: { submittedAt: -1, _id: 1 }, limit: HISTORY_MAX_ORDERS }), collection.count(query)]);
    const [providers, engineers, streams] = await Promise.all([
      this.facts.enterpriseNames(rows.flatMap((r) => (r.providerId ? [r.providerId] : []))),
      this.facts.names(rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : []))),
      Promise.all(rows.map((r) => this.facts.orderStream(r._id))),
    ]);
    return {
      device: {
        id: device._id,
        number: device.number ?? '',
        name: device.name ?? '',
        model: device.model ?? '',
        type: device.type ?? '',
        countyCode: device.countyCode ?? null,
        placeName: device.countyCode ? placeName(device.countyCode) : null,
      },
      items: rows.map((r, index) => ({
        id: r._id,
        number: r.number,
        status: r.status,
        priority: r.priority,
        faultType: r.faultType,
        faultSummary: r.faultSummary ?? null,
        submittedAt: r.submittedAt,
        completedAt: r.completedAt ?? null,
        closedAt: r.closedAt ?? null,
        provider: r.providerId ? { id: r.providerId, name: providers.get(r.providerId) ?? r.providerId } : null,
        engineer: r.assigneeId ? { id: r.assigneeId, name: engineers.get(r.assigneeId) ?? null } : null,
        userScore: r.userScore ?? null,
        manufacturerScore: r.manufacturerScore ?? null,
        records: streams[index]!.records,
      })),
      total,
      truncated: total > rows.length,
    };
  }
}

// ---- The history as files ------------------------------------------------------------------------

export const STATUS_LABELS: Readonly<Record<string, CatalogueLabel>> = {
  submitted: { 'zh-CN': '已提交', en: 'Submitted' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
  'awaiting-dispatch': { 'zh-CN': '待派单', en: 'Awaiting dispatch' },
  dispatched: { 'zh-CN': '已派单', en: 'Dispatched' },
  accepted: { 'zh-CN': '服务商已接单', en: 'Accepted' },
  assigned: { 'zh-CN': '已指派工程师', en: 'Engineer assigned' },
  'engineer-accepted': { 'zh-CN': '工程师已接单', en: 'Engineer accepted' },
  'in-progress': { 'zh-CN': '维修中', en: 'In progress' },
  completed: { 'zh-CN': '已完工', en: 'Completed' },
  'receipt-submitted': { 'zh-CN': '回执已提交', en: 'Receipt submitted' },
  'receipt-approved': { 'zh-CN': '回执已审核', en: 'Receipt approved' },
  reported: { 'zh-CN': '已上报', en: 'Reported' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};

const labelOf = (table: Readonly<Record<string, CatalogueLabel>>, code: string, language: SheetLanguage) => table[code]?.[language] ?? code;
/** Times as people in China read them: Beijing time, to the minute. */
export const beijingTime = (iso: string | null): string => {
  if (!iso) return '';
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
};
const partsText = (r: ProcessingRecordView, language: SheetLanguage) => r.parts.map((p) => `${p.name} ×${p.quantity}${p.unit}`).join(language === 'zh-CN' ? '、' : ', ');

const historySheet = defineSheet({
  sheetName: { 'zh-CN': '维修履历', en: 'Maintenance history' },
  maxRows: HISTORY_MAX_ORDERS,
  columns: [
    { key: 'number', header: { 'zh-CN': '工单号', en: 'Work order' }, width: 22 },
    { key: 'status', header: { 'zh-CN': '状态', en: 'Status' }, width: 14 },
    { key: 'priority', header: { 'zh-CN': '优先级', en: 'Priority' }, width: 8 },
    { key: 'faultType', header: { 'zh-CN': '故障类型', en: 'Fault type' }, width: 14 },
    { key: 'fault', header: { 'zh-CN': '故障描述', en: 'Fault' }, width: 40 },
    { key: 'submittedAt', header: { 'zh-CN': '报修时间', en: 'Reported at' }, width: 17 },
    { key: 'completedAt', header: { 'zh-CN': '完工时间', en: 'Completed at' }, width: 17 },
    { key: 'provider', header: { 'zh-CN': '服务商', en: 'Provider' }, width: 20 },
    { key: 'engineer', header: { 'zh-CN': '工程师', en: 'Engineer' }, width: 12 },
    { key: 'records', header: { 'zh-CN': '处理记录', en: 'Processing records' }, width: 50 },
    { key: 'parts', header: { 'zh-CN': '更换配件', en: 'Parts used' }, width: 30 },
    { key: 'userScore', header: { 'zh-CN': '用户评分', en: 'User score' }, width: 9 },
    { key: 'manufacturerScore', header: { 'zh-CN': '厂家评分', en: 'Manufacturer score' }, width: 9 },
  ],
});

export const historyXlsx = (history: DeviceHistory, language: SheetLanguage): Buffer =>
  historySheet.writeSheet(
    history.items.map((o) => ({
      number: o.number,
      status: labelOf(STATUS_LABELS, o.status, language),
      priority: labelOf(PRIORITIES, o.priority, language),
      faultType: labelOf(FAULT_TYPES, o.faultType, language),
      fault: o.faultSummary ?? '',
      submittedAt: beijingTime(o.submittedAt),
      completedAt: beijingTime(o.completedAt),
      provider: o.provider?.name ?? '',
      engineer: o.engineer?.name ?? '',
      records: o.records.map((r) => [r.steps, r.cause, r.result].filter((x) => x !== '').join(' / ')).join('\n'),
      parts: o.records.map((r) => partsText(r, language)).filter((x) => x !== '').join('\n'),
      userScore: o.userScore === null ? '' : String(o.userScore),
      manufacturerScore: o.manufacturerScore === null ? '' : String(o.manufacturerScore),
    })),
    'xlsx',
    language,
  );

const PDF_TEXT = {
  'zh-CN': {
    title: '设备维修履历',
    device: '设备',
    number: '设备编号',
    model: '型号',
    type: '设备类型',
    place: '所在地',
    orders: (n: number) => `共 ${n} 张工单`,
    none: '暂无维修记录',
    status: '状态',
    priority: '优先级',
    fault: '故障',
    submitted: '报修时间',
    completed: '完工时间',
    provider: '服务商',
    engineer: '工程师',
    scores: '评分',
    record: (i: number) => `处理记录 ${i}`,
    steps: '处理步骤',
    parts: '更换配件',
    tools: '使用工具',
    cause: '故障原因',
    result: '处理结果',
    userScore: '用户',
    manufacturerScore: '厂家',
    truncated: (shown: number) => `仅列出最近 ${shown} 张工单`,
    page: (p: number, n: number) => `第 ${p} / ${n} 页`,
  },
  en: {
    title: 'Device maintenance history',
    device: 'Device',
    number: 'Device no.',
    model: 'Model',
    type: 'Device type',
    place: 'Location',
    orders: (n: number) => `${n} work orders`,
    none: 'No maintenance recorded yet',
    status: 'Status',
    priority: 'Priority',
    fault: 'Fault',
    submitted: 'Reported at',
    completed: 'Completed at',
    provider: 'Provider',
    engineer: 'Engineer',
    scores: 'Scores',
    record: (i: number) => `Processing record ${i}`,
    steps: 'Steps',
    parts: 'Parts used',
    tools: 'Tools',
    cause: 'Cause',
    result: 'Result',
    userScore: 'user',
    manufacturerScore: 'manufacturer',
    truncated: (shown: number) => `Only the latest ${shown} work orders are listed`,
    page: (p: number, n: number) => `Page ${p} of ${n}`,
  },
} as const;

export const historyPdf = (history: DeviceHistory, language: SheetLanguage, createdAt: Date): Buffer => {
  const t = PDF_TEXT[language];
  const d = history.device;
  const field = (label: string, value: string): ReportBlock[] => (value === '' ? [] : [{ kind: 'field', label, value }]);
  const blocks: ReportBlock[] = [
    { kind: 'title', text: `${t.title} · ${d.name}` },
    ...field(t.number, d.number),
    ...field(t.model, d.model),
    ...field(t.type, labelOf(DEVICE_TYPES, d.type, language)),
    ...field(t.place, d.placeName ?? ''),
    { kind: 'text', text: history.items.length === 0 ? t.none : t.orders(history.total) },
    ...(history.truncated ? [{ kind: 'text' as const, text: t.truncated(history.items.length) }] : []),
    { kind: 'rule' },
  ];
  for (const o of history.items) {
    const scores = [o.userScore === null ? '' : `${t.userScore} ${o.userScore}`, o.manufacturerScore === null ? '' : `${t.manufacturerScore} ${o.manufacturerScore}`].filter((x) => x !== '').join(' · ');
    blocks.push(
      { kind: 'heading', text: `${o.number}  ${labelOf(STATUS_LABELS, o.status, language)}` },
      ...field(t.priority, labelOf(PRIORITIES, o.priority, language)),
      ...field(t.fault, [labelOf(FAULT_TYPES, o.faultType, language), o.faultSummary ?? ''].filter((x) => x !== '').join('：')),
      ...field(t.submitted, beijingTime(o.submittedAt)),
      ...field(t.completed, beijingTime(o.completedAt)),
      ...field(t.provider, o.provider?.name ?? ''),
      ...field(t.engineer, o.engineer?.name ?? ''),
      ...field(t.scores, scores),
    );
    o.records.forEach((r, i) => {
      blocks.push(
        { kind: 'text', text: `${t.record(i + 1)} · ${beijingTime(r.editedAt ?? r.at)}` },
        ...field(t.steps, r.steps),
        ...field(t.parts, partsText(r, language)),
        ...field(t.tools, r.tools.join(language === 'zh-CN' ? '、' : ', ')),
        ...field(t.cause, r.cause),
        ...field(t.result, r.result),
      );
    });
    blocks.push({ kind: 'rule' });
  }
  return writePdf(
    layoutReport(blocks, (page, pages) => `${t.title} · ${d.number} · ${t.page(page, pages)}`),
    { title: `${t.title} ${d.number}`, author: 'Kuaige Service Cloud', createdAt },
  );
};

export const HISTORY_HANDLERS = [GetDeviceHistoryHandler];
