import { describe, expect, it } from 'vitest';
import { costKpiText, shownKpis, yuanOf, type CostTotals } from './analytics-costs.model';

const totals = (over: Partial<CostTotals>): CostTotals => ({
  settlements: 2,
  cancelled: 0,
  disputes: 1,
  chargedFen: 123_456_789,
  labourFen: 0,
  travelFen: 0,
  partsFen: 0,
  expertFen: 0,
  platformFeeFen: 0,
  warrantyFen: 0,
  earnedFen: 0,
  paidFen: 0,
  outstandingFen: 0,
  cancelledFen: 0,
  averageFen: 5,
  ...over,
});

describe('the cost board’s numbers', () => {
  it('shows fen as yuan with thousands separators and exact cents', () => {
    expect(yuanOf(123_456_789)).toBe('¥1,234,567.89');
    expect(yuanOf(5)).toBe('¥0.05');
    expect(yuanOf(-1_050)).toBe('-¥10.50');
    expect(yuanOf(null)).toBe('—');
  });

  it('shows counts as counts and leaves out the totals my side does not see', () => {
    expect(costKpiText('settlements', 1_200, 'zh-CN')).toBe('1,200');
    expect(costKpiText('chargedFen', 1_200, 'zh-CN')).toBe('¥12.00');
    expect(shownKpis(totals({ earnedFen: null, platformFeeFen: null, warrantyFen: null }))).toEqual(['chargedFen', 'averageFen', 'settlements', 'paidFen', 'outstandingFen', 'cancelledFen', 'disputes']);
  });
});
