import type { AuditQuery, FieldChange } from './audit.model';

// ---- Pure helpers of the audit console: query strings, time bounds, how values read ---------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A day of the filter (China time, UTC+8) as the instant it starts; `end` gives the next day's start. */
export function instantOf(value: string, end = false): string {
  if (!DATE.test(value)) return value;
  const start = new Date(`${value}T00:00:00+08:00`);
  if (end) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

/** The API's query parameters for a search: empty filters left out, days turned into instants. */
export function searchParams(query: AuditQuery, paged = true): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const key of ['actor', 'enterpriseId', 'nodeId', 'stream', 'type', 'result', 'sort'] as const)
    if (query[key]) params[key] = query[key];
  if (query.from) params['from'] = instantOf(query.from);
  if (query.to) params['to'] = instantOf(query.to, true);
  if (paged) {
    params['page'] = query.page;
    params['pageSize'] = query.pageSize;
  }
  return params;
}

/** A value of a row as one line: text as it is, the rest as JSON; absent as an em dash. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The entity a stream is: its category and the id after the first '-'. */
export function entityOf(stream: string): { category: string; id: string } {
  const dash = stream.indexOf('-');
  return dash < 0 ? { category: stream, id: '' } : { category: stream.slice(0, dash), id: stream.slice(dash + 1) };
}

/** Counts of a row's changes by kind, for the diff's heading. */
export function changeCounts(fields: readonly FieldChange[]): Record<'added' | 'removed' | 'changed', number> {
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const f of fields) counts[f.kind]++;
  return counts;
}
