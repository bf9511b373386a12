import type { NotificationLanguage } from '@kuaige/domain';

// ---- Message templates, zh-CN first ---------------------------------------------------------------
// `{name}` is replaced by the value of that name; a missing value leaves an empty string. Texts stay
// short: the SMS channel sends `【快鸽服务云】` + title + body, and one SMS holds 70 Chinese characters.

interface Template {
  readonly title: string;
  readonly body: string;
}

export const TEMPLATES = {
  'work-order.submitted': {
    'zh-CN': { title: '新工单 {number} 待审核', body: '{device} 报修：{fault}' },
    en: { title: 'New work order {number} to review', body: '{device} reported: {fault}' },
  },
  'work-order.submitted-confirmation': {
    'zh-CN': { title: '工单 {number} 已提交', body: '您的 {device} 报修已受理，我们会尽快安排。' },
    en: { title: 'Work order {number} submitted', body: 'Your request for {device} was received; we will arrange it soon.' },
  },
  'work-order.reviewed': {
    'zh-CN': { title: '工单 {number} 已通过审核', body: '{device} 的报修已通过审核，正在派单。' },
    en: { title: 'Work order {number} approved', body: 'The request for {device} passed review and is being dispatched.' },
  },
  'work-order.rejected': {
    'zh-CN': { title: '工单 {number} 未通过审核', body: '原因：{reason}' },
    en: { title: 'Work order {number} was rejected', body: 'Reason: {reason}' },
  },
  'work-order.dispatched': {
    'zh-CN': { title: '新派单 {number}', body: '{device} 的维修工单已派给贵公司，请尽快接单。' },
    en: { title: 'New dispatch {number}', body: 'The repair of {device} was dispatched to your company; please accept it.' },
  },
  'work-order.dispatched-requester': {
    'zh-CN': { title: '工单 {number} 已派单', body: '{device} 的维修已派给服务商。' },
    en: { title: 'Work order {number} dispatched', body: 'The repair of {device} was dispatched to a provider.' },
  },
  'work-order.returned': {
    'zh-CN': { title: '工单 {number} 被退回', body: '服务商退回了派单，原因：{reason}' },
    en: { title: 'Work order {number} returned', body: 'The provider returned the dispatch. Reason: {reason}' },
  },
  'work-order.accepted': {
    'zh-CN': { title: '工单 {number} 已接单', body: '服务商已接单，将安排工程师。' },
    en: { title: 'Work order {number} accepted', body: 'The provider accepted it and will assign an engineer.' },
  },
  'work-order.engineer-assigned': {
    'zh-CN': { title: '新任务 {number}', body: '{device} 的维修已派给您，请及时接受。' },
    en: { title: 'New job {number}', body: 'The repair of {device} was assigned to you; please accept it.' },
  },
  'work-order.engineer-declined': {
    'zh-CN': { title: '工程师拒绝了 {number}', body: '原因：{reason}。请重新指派。' },
    en: { title: 'Engineer declined {number}', body: 'Reason: {reason}. Please assign someone else.' },
  },
  'work-order.engineer-accepted': {
    'zh-CN': { title: '工单 {number} 已有工程师', body: '工程师已接受任务，将与您联系。' },
    en: { title: 'Engineer on work order {number}', body: 'An engineer accepted the job and will contact you.' },
  },
  'work-order.started': {
    'zh-CN': { title: '工单 {number} 开始维修', body: '工程师已开始处理 {device}。' },
    en: { title: 'Work on {number} started', body: 'The engineer started working on {device}.' },
  },
  'work-order.completed': {
    'zh-CN': { title: '工单 {number} 维修完成', body: '{summary}' },
    en: { title: 'Work order {number} completed', body: '{summary}' },
  },
  'work-order.receipt-submitted': {
    'zh-CN': { title: '工单 {number} 回执待审核', body: '工程师提交了维修回执：{summary}' },
    en: { title: 'Receipt of {number} to review', body: 'The engineer submitted the receipt: {summary}' },
  },
  'work-order.receipt-approved': {
    'zh-CN': { title: '工单 {number} 回执已通过', body: '您提交的维修回执已审核通过。' },
    en: { title: 'Receipt of {number} approved', body: 'Your receipt was approved.' },
  },
  'work-order.receipt-rejected': {
    'zh-CN': { title: '工单 {number} 回执被驳回', body: '原因：{reason}' },
    en: { title: 'Receipt of {number} rejected', body: 'Reason: {reason}' },
  },
  'work-order.reported': {
    'zh-CN': { title: '工单 {number} 已报备', body: '服务商已向运营方报备回执。' },
    en: { title: 'Work order {number} reported', body: 'The provider reported the receipt to the operator.' },
  },
  'work-order.evaluation-requested': {
    'zh-CN': { title: '工单 {number} 待评价', body: '{device} 的维修已完成，请对本次服务进行评价。' },
    en: { title: 'Please rate work order {number}', body: 'The repair of {device} is done; please rate the service.' },
  },
  'work-order.evaluated': {
    'zh-CN': { title: '工单 {number} 收到评价', body: '评分 {score} 分。' },
    en: { title: 'Work order {number} was rated', body: 'Score: {score}.' },
  },
  'work-order.closed': {
    'zh-CN': { title: '工单 {number} 已关闭', body: '{device} 的维修工单已完结。' },
    en: { title: 'Work order {number} closed', body: 'The work order for {device} is finished.' },
  },
  'work-order.cancelled': {
    'zh-CN': { title: '工单 {number} 已取消', body: '原因：{reason}' },
    en: { title: 'Work order {number} cancelled', body: 'Reason: {reason}' },
  },
  'sla.breached': {
    'zh-CN': { title: '工单 {number} 已超时', body: '{target}时限已过，请尽快处理。' },
    en: { title: 'Work order {number} is overdue', body: 'The {target} target has passed; please act now.' },
  },
  'sla.escalated': {
    'zh-CN': { title: '工单 {number} 超时升级', body: '{target}超时已升级至第 {level} 级。' },
    en: { title: 'Overdue work order {number} escalated', body: 'The {target} breach was escalated to level {level}.' },
  },
  'expert-help.requested': {
    'zh-CN': { title: '新的专家求助（工单 {number}）', body: '{device}：{question}' },
    en: { title: 'New request for expert help (work order {number})', body: '{device}: {question}' },
  },
  'expert-help.accepted': {
    'zh-CN': { title: '专家已接受求助（工单 {number}）', body: '专家已接受您的求助，可以开始交流。' },
    en: { title: 'The expert accepted your request (work order {number})', body: 'The expert accepted; you can chat now.' },
  },
  'expert-help.declined': {
    'zh-CN': { title: '专家未接受求助（工单 {number}）', body: '原因：{reason}' },
    en: { title: 'The expert declined your request (work order {number})', body: 'Reason: {reason}' },
  },
  'expert-help.message': {
    'zh-CN': { title: '专家求助有新消息（工单 {number}）', body: '{text}' },
    en: { title: 'New message in the expert help (work order {number})', body: '{text}' },
  },
  'expert-help.closed': {
    'zh-CN': { title: '专家求助已结束（工单 {number}）', body: '专家总结：{summary}' },
    en: { title: 'Expert help closed (work order {number})', body: 'The expert’s summary: {summary}' },
  },
  'expert-help.closed-provider': {
    'zh-CN': { title: '专家求助已结束（工单 {number}）', body: '专家费用 {fee} 元，待结算。' },
    en: { title: 'Expert help closed (work order {number})', body: 'Expert fee ¥{fee}, to be settled.' },
  },
  'expert-help.rated': {
    'zh-CN': { title: '您收到了新的评价（工单 {number}）', body: '评分 {score} 分。{comment}' },
    en: { title: 'You were rated (work order {number})', body: 'Score {score}. {comment}' },
  },
  'appointment.proposed': {
    'zh-CN': { title: '工单 {number} 预约上门时间', body: '服务商提议了上门时间：{slots}，请确认。' },
    en: { title: 'Visit times proposed for work order {number}', body: 'The provider proposed: {slots}. Please confirm one.' },
  },
  'appointment.confirmed': {
    'zh-CN': { title: '工单 {number} 预约已确认', body: '上门时间：{slot}，地点：{place}' },
    en: { title: 'Visit confirmed for work order {number}', body: 'Visit at {slot}, {place}' },
  },
  'appointment.reschedule-requested': {
    'zh-CN': { title: '工单 {number} 客户希望改约', body: '原因：{reason}' },
    en: { title: 'The customer asks to reschedule work order {number}', body: 'Reason: {reason}' },
  },
  'appointment.reminder': {
    'zh-CN': { title: '上门提醒：工单 {number}', body: '{slot} 上门维修 {device}，地点：{place}' },
    en: { title: 'Visit reminder: work order {number}', body: 'Repair of {device} at {slot}, {place}' },
  },
  'comment.mentioned': {
    'zh-CN': { title: '工单 {number} 中有人提到了您', body: '{text}' },
    en: { title: 'You were mentioned on work order {number}', body: '{text}' },
  },
  'purchasing.low-stock': {
    'zh-CN': { title: '库存不足：{number} {device}', body: '{warehouse}可用 {available}，低于下限 {minimum}，已生成采购申请。' },
    en: { title: 'Low stock: {number} {device}', body: '{available} available in {warehouse}, below the minimum of {minimum}; a purchase request was raised.' },
  },
  'reports.run-ready': {
    'zh-CN': { title: '定时报表已生成：{number}', body: '{due} 的报表已按您的权限范围生成，可在报表的运行记录中查看。' },
    en: { title: 'Scheduled report ready: {number}', body: 'The run due {due} was computed within your own scope; see the report’s run history.' },
  },
} as const satisfies Record<string, Record<NotificationLanguage, Template>>;

export type TemplateKey = keyof typeof TEMPLATES;

/** A value the same in every language, or one per language (a word such as 响应 / response). */
export type TemplateValue = string | Readonly<Record<NotificationLanguage, string>>;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

const fill = (text: string, values: TemplateValues, language: NotificationLanguage): string =>
  text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    return value === undefined ? '' : typeof value === 'string' ? value : value[language];
  });

/** The title and body of a template in one language. */
export const render = (key: TemplateKey, language: NotificationLanguage, values: TemplateValues): Template => {
  const template = TEMPLATES[key][language];
  return { title: fill(template.title, values, language), body: fill(template.body, values, language) };
};
