import { describe, expect, it } from 'vitest';
import { suppliersOf } from './catalogue-page';
import { fenOf, yuan } from './inventory.model';

describe('money in the inventory console: integer fen, shown as yuan', () => {
  it('shows fen as yuan with two decimals and thousands separators, negative values signed', () => {
    expect(yuan(1250)).toBe('¥12.50');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(123_456_789)).toBe('¥1,234,567.89');
    expect(yuan(-3200)).toBe('-¥32.00');
    expect(yuan(null)).toBe('—');
  });

  it('reads a typed price digit by digit into fen, refusing more than two decimals', () => {
    expect(fenOf('12.5')).toBe(1250);
    expect(fenOf('0.07')).toBe(7);
    // 0.1 + 0.2 style trouble cannot happen: no floating point on the way.
    expect(fenOf('19.99')).toBe(1999);
    expect(fenOf('8.555')).toBeNull();
    expect(fenOf('-1')).toBeNull();
    expect(fenOf('')).toBeNull();
  });

  it('reads the suppliers field as name:price pairs, or refuses it whole', () => {
    expect(suppliersOf('人本:12.50；SKF:18')).toEqual([
      { name: '人本', priceFen: 1250 },
      { name: 'SKF', priceFen: 1800 },
    ]);
    expect(suppliersOf('')).toEqual([]);
    expect(suppliersOf('人本:12.505')).toBeNull();
    expect(suppliersOf('无价格')).toBeNull();
  });
});
