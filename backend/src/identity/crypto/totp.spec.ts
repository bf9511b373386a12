import {
  acceptTotp,
  generateTotpSecret,
  hotp,
  otpauthUri,
  OtpauthUriError,
  totp,
  totpStep,
  TotpSecretError,
  verifyTotp,
  type TotpAlgorithm,
} from './totp';

const SEEDS: Record<TotpAlgorithm, Buffer> = {
  SHA1: Buffer.from('12345678901234567890'),
  SHA256: Buffer.from('12345678901234567890123456789012'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};

// RFC 6238 Appendix B: time (s), then the 8-digit TOTP for SHA1, SHA256, SHA512.
const RFC6238: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238 Appendix B)', () => {
  const cases = RFC6238.flatMap(([t, sha1, sha256, sha512]) => [
    [t, 'SHA1', sha1] as const,
    [t, 'SHA256', sha256] as const,
    [t, 'SHA512', sha512] as const,
  ]);

  it.each(cases)('at T=%d with %s gives %s', (seconds, algorithm, code) => {
    expect(totp(SEEDS[algorithm], seconds * 1000, { algorithm, digits: 8 })).toBe(code);
    expect(verifyTotp(SEEDS[algorithm], code, new Date(seconds * 1000), { algorithm, digits: 8 })).toBe(Math.floor(seconds / 30));
  });

  it('computes the step from a Date or epoch milliseconds', () => {
    expect(totpStep(new Date(59_000))).toBe(1);
    expect(totpStep(1111111111_000)).toBe(0x23523ed); // RFC 6238's T column
  });
});

describe('HOTP (RFC 4226 Appendix D)', () => {
  it('gives the RFC values for counters 0-9', () => {
    const codes = Array.from({ length: 10 }, (_, c) => hotp(SEEDS.SHA1, c));
    expect(codes).toEqual(['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']);
  });
});

describe('verifyTotp', () => {
  const secret = SEEDS.SHA1;
  const now = 1_700_000_015_000; // 15 s into a step
  const step = totpStep(now);
  const codeAt = (s: number) => hotp(secret, s);

  it('accepts codes of the previous, current and next step and returns that step', () => {
    expect(verifyTotp(secret, codeAt(step - 1), now)).toBe(step - 1);
    expect(verifyTotp(secret, codeAt(step), now)).toBe(step);
    expect(verifyTotp(secret, codeAt(step + 1), now)).toBe(step + 1);
  });

  it('refuses codes two steps away, and all but the current step with window 0', () => {
    expect(verifyTotp(secret, codeAt(step - 2), now)).toBeNull();
    expect(verifyTotp(secret, codeAt(step + 2), now)).toBeNull();
    expect(verifyTotp(secret, codeAt(step - 1), now, { window: 0 })).toBeNull();
    expect(verifyTotp(secret, codeAt(step), now, { window: 0 })).toBe(step);
  });

  it('accepts a code typed with a space, as apps display it', () => {
    const code = codeAt(step);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
  });

  it.each([
    ['empty', ''],
    ['too short', '12345'],
    ['too long', '1234567'],
    ['letters', 'abcdef'],
    ['full-width digits', '１２３４５６'],
    ['a sign', '-12345'],
    ['an 8-digit code when 6 are configured', '94287082'],
  ])('returns null for a malformed code: %s', (_, code) => {
    expect(verifyTotp(secret, code, now)).toBeNull();
  });

  it('returns null, not an exception, for a code that is not a string', () => {
    expect(verifyTotp(secret, 123456 as unknown as string, now)).toBeNull();
  });

  it('handles instants near the epoch (no negative steps)', () => {
    expect(verifyTotp(secret, hotp(secret, 0), 1000)).toBe(0);
  });

  it('refuses secrets under 128 bits and options outside the supported set', () => {
    expect(() => totp(Buffer.alloc(10), now)).toThrow(TotpSecretError);
    expect(() => totp(secret, now, { digits: 7 as 6 })).toThrow(/digits must be 6 or 8/);
    expect(() => totp(secret, now, { algorithm: 'MD5' as TotpAlgorithm })).toThrow(/algorithm must be/);
    expect(() => verifyTotp(secret, '123456', now, { window: 5 })).toThrow(/window must be 0, 1 or 2/);
  });
});

describe('acceptTotp (one use per code)', () => {
  const secret = generateTotpSecret();
  const now = Date.UTC(2025, 5, 1, 8, 0, 10);
  const step = totpStep(now);

  it('returns the step to store, then refuses the same code (replay)', () => {
    const code = totp(secret, now);
    const accepted = acceptTotp(secret, code, now, null);
    expect(accepted).toBe(step);
    expect(acceptTotp(secret, code, now, accepted)).toBeNull();
    expect(acceptTotp(secret, code, now + 20_000, accepted)).toBeNull(); // still inside the window
  });

  it('refuses an older code once a later step was accepted', () => {
    const accepted = acceptTotp(secret, hotp(secret, step + 1), now, null);
    expect(accepted).toBe(step + 1);
    expect(acceptTotp(secret, hotp(secret, step), now, accepted)).toBeNull();
  });

  it('accepts the code of the next step after the current one was used', () => {
    const accepted = acceptTotp(secret, hotp(secret, step), now, null);
    expect(acceptTotp(secret, hotp(secret, step + 1), now + 30_000, accepted)).toBe(step + 1);
  });

  it('refuses a wrong code', () => {
    // RFC 4226 seed at T=59 s: steps 0, 1, 2 give 755224, 287082, 359152.
    expect(acceptTotp(SEEDS.SHA1, '287083', 59_000, null)).toBeNull();
    expect(acceptTotp(SEEDS.SHA1, '287082', 59_000, null)).toBe(1);
  });
});

describe('generateTotpSecret', () => {
  it('makes distinct 20-byte secrets', () => {
    const a = generateTotpSecret();
    expect(a).toHaveLength(20);
    expect(generateTotpSecret().equals(a)).toBe(false);
  });
});

describe('otpauthUri', () => {
  const secret = Buffer.from('12345678901234567890');

  it('percent-encodes the issuer and account as UTF-8 and gives the unpadded base32 secret', () => {
    const uri = otpauthUri({ issuer: '快鸽服务云', account: 'zhang san@example.com', secret });
    const issuer = '%E5%BF%AB%E9%B8%BD%E6%9C%8D%E5%8A%A1%E4%BA%91';
    expect(uri).toBe(
      `otpauth://totp/${issuer}:zhang%20san%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`,
    );
    const parsed = new URL(uri);
    expect(parsed.searchParams.get('issuer')).toBe('快鸽服务云');
    expect(parsed.host).toBe('totp');
    expect(decodeURIComponent(parsed.pathname)).toBe('/快鸽服务云:zhang san@example.com');
  });

  it('states non-default algorithm and digits', () => {
    const uri = otpauthUri({ issuer: 'Kuaige', account: 'ops', secret: SEEDS.SHA256, algorithm: 'SHA256', digits: 8 });
    expect(uri).toMatch(/&algorithm=SHA256&digits=8&period=30$/);
  });

  it('refuses colons and empty label parts, and short secrets', () => {
    expect(() => otpauthUri({ issuer: 'A:B', account: 'x', secret })).toThrow(OtpauthUriError);
    expect(() => otpauthUri({ issuer: '快鸽服务云', account: ' ', secret })).toThrow(/account must be non-empty/);
    expect(() => otpauthUri({ issuer: '快鸽服务云', account: 'x', secret: Buffer.alloc(8) })).toThrow(TotpSecretError);
  });
});
