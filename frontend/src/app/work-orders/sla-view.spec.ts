import { describe, expect, it } from 'vitest';
import { slaView } from './sla-view';
import type { SlaClock } from './work-order.model';

const clock = (over: Partial<SlaClock> = {}): SlaClock => ({
  priority: 'high',
  responseDueAt: '2026-12-01T06:00:00Z',
  resolutionDueAt: '2026-12-02T06:00:00Z',
  paused: false,
  breached: [],
  escalationLevel: 0,
  ...over,
});
const noon = new Date('2026-12-01T04:00:00Z');

describe('what the SLA badge says', () => {
  it('shows the response target until the provider accepts, then the resolution target', () => {
    expect(slaView(clock(), 'dispatched', noon)).toEqual({
      target: 'response',
      dueAt: '2026-12-01T06:00:00Z',
      overdue: false,
      paused: false,
    });
    expect(slaView(clock(), 'in-progress', noon)?.target).toBe('resolution');
  });

  it('calls a target overdue past its due time or once the backend recorded the breach', () => {
    expect(slaView(clock(), 'awaiting-dispatch', new Date('2026-12-01T07:00:00Z'))?.overdue).toBe(true);
    expect(slaView(clock({ breached: ['resolution'] }), 'in-progress', noon)?.overdue).toBe(true);
    expect(slaView(clock({ breached: ['response'] }), 'in-progress', noon)?.overdue).toBe(false);
  });

  it('does not count a paused clock as overdue, and says nothing once no target runs', () => {
    expect(slaView(clock({ paused: true }), 'in-progress', new Date('2026-12-03T00:00:00Z'))).toMatchObject({
      overdue: false,
      paused: true,
    });
    expect(slaView(clock(), 'completed', noon)).toBeNull();
    expect(slaView(clock(), 'closed', noon)).toBeNull();
    expect(slaView(null, 'submitted', noon)).toBeNull();
  });
});
