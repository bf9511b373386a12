import { ConfigError } from '../../config/config';
import { nextCronRun } from '../../jobs/repeat';
import { loadIntegritySettings } from './integrity.settings';

describe('audit integrity settings', () => {
  it('signs hourly on the hour by default, and at intervals that fall on the clock', () => {
    expect(loadIntegritySettings({})).toEqual({ digestEveryMinutes: 60, digestPattern: '0 0 */1 * * *' });
    expect(loadIntegritySettings({ AUDIT_DIGEST_EVERY_MINUTES: '15' }).digestPattern).toBe('0 */15 * * * *');
    expect(loadIntegritySettings({ AUDIT_DIGEST_EVERY_MINUTES: '1440' }).digestPattern).toBe('0 0 0 * * *');
    const at = Date.parse('2026-12-01T08:07:00.000Z'); // 16:07 in Shanghai
    expect(new Date(nextCronRun(loadIntegritySettings({ AUDIT_DIGEST_EVERY_MINUTES: '240' }).digestPattern, 'Asia/Shanghai', at)!).toISOString()).toBe('2026-12-01T12:00:00.000Z');
  });

  it('refuses an interval that does not fall on the clock, naming the variable', () => {
    for (const value of ['7', '0', '90', 'hourly']) {
      expect(() => loadIntegritySettings({ AUDIT_DIGEST_EVERY_MINUTES: value })).toThrow(ConfigError);
      expect(() => loadIntegritySettings({ AUDIT_DIGEST_EVERY_MINUTES: value })).toThrow(/^AUDIT_DIGEST_EVERY_MINUTES must be one of 1, 2, 3/);
    }
  });
});
