import { describe, expect, it } from 'vitest';
import { countOf, matchingLines, type StockTakeLine } from './stock-take.model';

const line = (partCode: string, partName: string): StockTakeLine => ({
  partId: partCode,
  partCode,
  partName,
  unit: 'pcs',
  bookQuantity: 1,
  averageCostFen: 100,
  countedQuantity: null,
  countedBy: null,
  variance: null,
  varianceValueFen: null,
  movedDuringCount: 0,
  posting: null,
  refusal: null,
});

describe('counting on a phone', () => {
  it('takes whole counts from 0 and refuses fractions, signs and words', () => {
    expect(countOf('0')).toBe(0);
    expect(countOf(' 12 ')).toBe(12);
    expect(countOf('1000000')).toBe(1_000_000);
    expect(countOf('1000001')).toBeNull();
    expect(countOf('1.5')).toBeNull();
    expect(countOf('-1')).toBeNull();
    expect(countOf('')).toBeNull();
    expect(countOf('十')).toBeNull();
  });

  it('finds lines by a scanned or typed code prefix, in any case, or by a piece of the name', () => {
    const lines = [line('BRG01-0007', '深沟球轴承'), line('BRG01-0012', '圆锥滚子轴承'), line('BLT-0001', '同步带')];
    expect(matchingLines(lines, 'brg01-00').map((l) => l.partCode)).toEqual(['BRG01-0007', 'BRG01-0012']);
    expect(matchingLines(lines, 'BRG01-0007').map((l) => l.partCode)).toEqual(['BRG01-0007']);
    expect(matchingLines(lines, '轴承')).toHaveLength(2);
    expect(matchingLines(lines, '  ')).toHaveLength(3);
    expect(matchingLines(lines, 'XYZ')).toEqual([]);
  });
});
