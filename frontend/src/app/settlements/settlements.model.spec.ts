import { describe, expect, it } from 'vitest';
import { barWidths, basisPointsOf, fenOf, percentOf, yuan } from './settlements.model';

describe('settlement money and rates', () => {
  it('word fen as yuan and read typed yuan back as whole fen', () => {
    expect(yuan(123456)).toBe('¥1,234.56');
    expect(yuan(-5)).toBe('-¥0.05');
    expect(yuan(null)).toBe('—');
    expect(fenOf('12.5')).toBe(1250);
    expect(fenOf('0.07')).toBe(7);
    expect(fenOf('19.99')).toBe(1999);
    expect(fenOf('1.234')).toBeNull();
    expect(fenOf('-3')).toBeNull();
  });

  it('read percentages as basis points up to 100 %', () => {
    expect(basisPointsOf('5%')).toBe(500);
    expect(basisPointsOf('12.5')).toBe(1250);
    expect(basisPointsOf('100')).toBe(10_000);
    expect(basisPointsOf('100.01')).toBeNull();
    expect(percentOf(1250)).toBe('12.5%');
  });

  it('scale distribution bars to the largest count', () => {
    expect(barWidths([0, 1, 2, 4, 0])).toEqual([0, 25, 50, 100, 0]);
    expect(barWidths([0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0]);
  });
});
