import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('says seconds for a process that just started, zero included', () => {
    expect(formatDuration(0, 'en')).toBe('0 sec');
    expect(formatDuration(42, 'zh-CN')).toBe('42秒');
  });

  it('keeps the two largest units and drops the rest', () => {
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 5 * 60 + 6, 'en')).toBe('3 days 4 hr');
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 5 * 60 + 6, 'zh-CN')).toBe('3天4小时');
  });

  it('skips empty units between the largest and the next', () => {
    expect(formatDuration(86_400 + 30, 'en')).toBe('1 day 30 sec');
  });

  it('treats negative or fractional input as whole elapsed seconds', () => {
    expect(formatDuration(-5, 'en')).toBe('0 sec');
    expect(formatDuration(61.9, 'en')).toBe('1 min 1 sec');
  });
});
