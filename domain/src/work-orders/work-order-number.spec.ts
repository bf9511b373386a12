import { deciderSpec } from '@kuaige/testkit';
import { workOrderNumber, workOrderNumberClaim, WorkOrderNumberTaken } from './work-order-number';

describe('work-order numbers', () => {
  it('are WO-<China’s calendar day>-<6 characters>, the same for the same order and attempt', () => {
    // 2026-12-01T17:30Z is already 2 December in China (UTC+8).
    expect(workOrderNumber('w1', '2026-12-01T17:30:00.000Z')).toMatch(/^WO-20261202-[0-9A-HJ-NP-Z]{6}$/);
    expect(workOrderNumber('w1', '2026-12-01T02:00:00.000Z')).toMatch(/^WO-20261201-/);
    expect(workOrderNumber('w1', '2026-12-01T02:00:00.000Z')).toBe(workOrderNumber('w1', '2026-12-01T09:00:00.000Z'));
    expect(workOrderNumber('w1', '2026-12-01T02:00:00.000Z', 1)).not.toBe(workOrderNumber('w1', '2026-12-01T02:00:00.000Z'));
    const many = new Set(Array.from({ length: 5000 }, (_, i) => workOrderNumber(`order-${i}`, '2026-12-01T02:00:00.000Z')));
    expect(many.size).toBe(5000);
  });

  it('are claimed by one order: again by it is a no-op, by another refused', () => {
    const given = deciderSpec(workOrderNumberClaim);
    const claim = (workOrderId: string) => ({ type: 'ClaimWorkOrderNumber', data: { number: 'WO-20261201-AAAAAA', workOrderId, at: '2026-12-01T02:00:00.000Z' } }) as const;
    const claimed = { type: 'WorkOrderNumberClaimed', data: claim('w1').data } as const;
    given([]).when(claim('w1')).then([claimed]);
    given([claimed]).when(claim('w1')).then([]);
    given([claimed]).when(claim('w2')).thenThrows(WorkOrderNumberTaken, (e) => expect(e.rule).toBe('number-taken'));
  });
});
