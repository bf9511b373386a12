import { AccessTokens, InvalidAccessTokenError } from './access-tokens';
import { newRefreshToken, refreshTokenHash, sessionOfRefreshToken } from './refresh-tokens';

const key = (n: number) => Buffer.alloc(32, n);
const now = 1_800_000_000;
const claims = { typ: 'access' as const, sub: 'u1', sid: 's1', iat: now, exp: now + 900 };

describe('access tokens', () => {
  const tokens = new AccessTokens(new Map([['k2', key(2)], ['k1', key(1)]]), 'k2');

  it('verifies what it signed, with kid, until exp', () => {
    const token = tokens.sign(claims);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k2' });
    expect(tokens.verify(token, 'access', now + 899)).toEqual(claims);
    expect(() => tokens.verify(token, 'access', now + 900)).toThrow('expired');
  });

  it('still verifies tokens of an older key, and none of a key it does not hold', () => {
    const old = new AccessTokens(new Map([['k1', key(1)]]), 'k1').sign(claims);
    expect(tokens.verify(old, 'access', now).sub).toBe('u1');
    const foreign = new AccessTokens(new Map([['k9', key(9)]]), 'k9').sign(claims);
    expect(() => tokens.verify(foreign, 'access', now)).toThrow(InvalidAccessTokenError);
  });

  it('refuses altered claims, another kind of token, alg none and garbage', () => {
    const [h, , s] = tokens.sign(claims).split('.');
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${s}`;
    expect(() => tokens.verify(altered, 'access', now)).toThrow('bad signature');
    expect(() => tokens.verify(tokens.sign({ ...claims, typ: 'mfa' }), 'access', now)).toThrow('wrong kind');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k2' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(() => tokens.verify(none, 'access', now)).toThrow(InvalidAccessTokenError);
    for (const junk of ['', 'a.b', 'a.b.c', '....']) expect(() => tokens.verify(junk, 'access', now)).toThrow(InvalidAccessTokenError);
  });
});

describe('refresh tokens', () => {
  it('carry their session id and 256 random bits; only a hash is kept', () => {
    const sid = '6f1c1a8e-8d7c-4a39-9a43-4a8a4a3f2b10';
    const a = newRefreshToken(sid);
    expect(sessionOfRefreshToken(a)).toBe(sid);
    expect(Buffer.from(a.split('.')[1]!, 'base64url')).toHaveLength(32);
    expect(newRefreshToken(sid)).not.toBe(a);
    expect(refreshTokenHash(a)).not.toContain(a.split('.')[1]);
    expect(sessionOfRefreshToken('nonsense')).toBeNull();
  });
});
