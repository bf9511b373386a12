import { describe, expect, it } from 'vitest';
import { fenOf, yuan } from './expert-help.model';

describe('money in fen', () => {
  it('shows fen as yuan with two decimals and thousands separators, without floating-point arithmetic', () => {
    expect(yuan(20_000)).toBe('¥200.00');
    expect(yuan(26_005)).toBe('¥260.05');
    expect(yuan(7)).toBe('¥0.07');
    expect(yuan(123_456_789)).toBe('¥1,234,567.89');
    expect(yuan(null)).toBe('—');
  });

  it('reads a typed amount of yuan as whole fen, refusing what is not one', () => {
    expect(fenOf('200')).toBe(20_000);
    expect(fenOf(' 0.1 ')).toBe(10);
    expect(fenOf('19.99')).toBe(1_999);
    expect(fenOf('1.234')).toBeNull();
    expect(fenOf('-5')).toBeNull();
    expect(fenOf('abc')).toBeNull();
  });
});
