import type { ReportRunRecorded } from '@kuaige/domain';
import { rule, type NotificationRule } from './notification-rule';

// ---- Scheduled custom reports: each run is recorded for one person, who is told it is ready ----------
// The notice links to the report (its run history), not to a work order.

const dueText = (iso: string) => ({
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)),
});

export const REPORT_RULES: readonly NotificationRule[] = [
  rule<ReportRunRecorded>({
    eventType: 'ReportRunRecorded',
    template: 'reports.run-ready',
    channels: [],
    subject: (event) => Promise.resolve({ workOrderId: '', number: event.data.reportName, deviceName: '', link: { kind: 'report', id: event.data.reportId } }),
    recipients: (event) => Promise.resolve([event.data.forUserId]),
    params: (event) => ({ due: dueText(event.data.dueAt) }),
  }),
];
