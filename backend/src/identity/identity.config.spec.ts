import { ConfigError } from '../config/config';
import { loadIdentityConfig } from './identity.config';

describe('identity configuration', () => {
  it('defaults to 15 min idle, 12 h absolute, 15 min access tokens, no periodic password change', () => {
    expect(loadIdentityConfig({})).toMatchObject({
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 12,
      accessTokenMinutes: 15,
      passwordMaxAgeDays: 0,
      accessTokenKeys: null,
    });
  });

  it.each([
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES must be an integer from 1 to 1440 (got "0")'],
    [{ SESSION_ABSOLUTE_HOURS: 'twelve' }, 'SESSION_ABSOLUTE_HOURS must be an integer from 1 to 720 (got "twelve")'],
    [{ SESSION_IDLE_MINUTES: '120', SESSION_ABSOLUTE_HOURS: '1' }, 'SESSION_IDLE_MINUTES must not exceed SESSION_ABSOLUTE_HOURS × 60 (got "120")'],
    [{ PASSWORD_MAX_AGE_DAYS: '-1' }, 'PASSWORD_MAX_AGE_DAYS must be an integer from 0 to 3650 (got "-1")'],
    [{ ACCESS_TOKEN_KEYS: 'k1:c2hvcnQ=' }, 'ACCESS_TOKEN_KEYS entry 1: key k1 must be 32-64 bytes once decoded, not 5'],
    [{ MFA_ISSUER: 'a:b' }, 'MFA_ISSUER must be 1-40 letters, digits, spaces, . _ or - (got "a:b")'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadIdentityConfig(env)).toThrow(ConfigError);
    expect(() => loadIdentityConfig(env)).toThrow(message);
  });

  it('reads signing keys, the first one current', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadIdentityConfig({ ACCESS_TOKEN_KEYS: `new:${key},old:${key}`, SESSION_IDLE_MINUTES: '30', PASSWORD_MAX_AGE_DAYS: '90' });
    expect(config.accessTokenKeys?.currentId).toBe('new');
    expect([...(config.accessTokenKeys?.keys.keys() ?? [])]).toEqual(['new', 'old']);
    expect(config).toMatchObject({ sessionIdleMinutes: 30, passwordMaxAgeDays: 90 });
  });
});
