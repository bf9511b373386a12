import { defineSheet } from '../../../tabular';

/** The columns of an exported result set (XLSX or CSV), in either language. */
export const auditSheet = defineSheet({
  sheetName: { 'zh-CN': '审计日志', en: 'Audit log' },
  maxRows: 100_000,
  columns: [
    { key: 'at', header: { 'zh-CN': '时间', en: 'Time' }, width: 24 },
    { key: 'type', header: { 'zh-CN': '事件类型', en: 'Event type' }, width: 28 },
    { key: 'result', header: { 'zh-CN': '结果', en: 'Result' }, width: 8 },
    { key: 'actor', header: { 'zh-CN': '操作人', en: 'Actor' }, width: 38 },
    { key: 'enterpriseId', header: { 'zh-CN': '企业', en: 'Enterprise' }, width: 38 },
    { key: 'nodeId', header: { 'zh-CN': '运营节点', en: 'Operator node' }, width: 38 },
    { key: 'ip', header: { 'zh-CN': 'IP 地址', en: 'IP address' }, width: 16 },
    { key: 'stream', header: { 'zh-CN': '实体（事件流）', en: 'Entity (stream)' }, width: 48 },
    { key: 'summary', header: { 'zh-CN': '摘要', en: 'Summary' }, width: 40 },
    { key: 'position', header: { 'zh-CN': '日志位置', en: 'Log position' }, width: 10 },
    { key: 'id', header: { 'zh-CN': '事件 ID', en: 'Event id' }, width: 38 },
  ],
});

export const RESULT_LABELS = {
  success: { 'zh-CN': '成功', en: 'success' },
  denied: { 'zh-CN': '拒绝', en: 'denied' },
  failure: { 'zh-CN': '失败', en: 'failure' },
} as const;
