import type { SlaClock } from './work-order.model';

export interface SlaView {
  readonly target: 'response' | 'resolution';
  readonly dueAt: string | null;
  readonly overdue: boolean;
  readonly paused: boolean;
}

// Response runs until the provider accepts; resolution until the work is completed.
const BEFORE_ACCEPT = new Set(['submitted', 'awaiting-dispatch', 'dispatched']);
const WORKING = new Set(['accepted', 'assigned', 'engineer-accepted', 'in-progress']);

/**
 * What a badge says about an order's SLA at `now`: the target still running (response before the
 * provider accepts, resolution until completion), its due time and whether it is past — a breach the
 * backend recorded counts even where the clock says otherwise. Null when no target runs any more.
 */
export function slaView(clock: SlaClock | null, status: string, now: Date): SlaView | null {
  if (!clock) return null;
  const target = BEFORE_ACCEPT.has(status) ? 'response' : WORKING.has(status) ? 'resolution' : null;
  if (!target) return null;
  const dueAt = target === 'response' ? clock.responseDueAt : clock.resolutionDueAt;
  const overdue = clock.breached.includes(target) || (!clock.paused && dueAt !== null && new Date(dueAt) < now);
  return { target, dueAt, overdue, paused: clock.paused && !overdue };
}
