import { ConfigError } from '../../config/config';
import { decodeBase64Key, parseKey, parseKeyList } from './key-list';

const b64 = (n: number, fill = 7) => Buffer.alloc(n, fill).toString('base64');
const rule = { id: /^[a-z0-9]{1,8}$/, idRule: '1-8 lowercase letters or digits', minBytes: 32, maxBytes: 32 };

const configError = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('decodeBase64Key', () => {
  it('accepts standard and URL-safe base64, padded or not', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x01]);
    expect(decodeBase64Key(bytes.toString('base64'))).toEqual(bytes);
    expect(decodeBase64Key(bytes.toString('base64').replace(/=+$/, ''))).toEqual(bytes);
    expect(decodeBase64Key(bytes.toString('base64url'))).toEqual(bytes);
  });

  it('rejects mixed alphabets, stray characters and non-canonical trailing bits', () => {
    expect(decodeBase64Key('ab+_')).toBeNull();
    expect(decodeBase64Key('abc$')).toBeNull();
    expect(decodeBase64Key('')).toBeNull();
    expect(decodeBase64Key('QR==')).toBeNull(); // canonical is QQ==
    expect(decodeBase64Key('QQ=')).toBeNull(); // padding must complete a 4-character group
    expect(decodeBase64Key('QUJDR')).toBeNull(); // 5 characters cannot be whole bytes
  });
});

describe('parseKey', () => {
  it('returns the bytes of a key of the right length', () => {
    expect(parseKey('X_KEY', b64(32), 32)).toEqual(Buffer.alloc(32, 7));
  });

  it('names the variable and the expected length, never the key', () => {
    const short = b64(16);
    const e = configError(() => parseKey('X_KEY', short, 32));
    expect(e.variable).toBe('X_KEY');
    expect(e.message).toContain('32 bytes');
    expect(e.message).not.toContain(short);
    expect(configError(() => parseKey('X_KEY', 'not base64!', 32)).message).toMatch(/^X_KEY must be base64/);
  });
});

describe('parseKeyList', () => {
  it('reads id:key entries, the first one current', () => {
    const list = parseKeyList('X_KEYS', ` new:${b64(32, 2)} , old:${b64(32, 1)}`, rule);
    expect(list.currentId).toBe('new');
    expect([...list.keys.keys()]).toEqual(['new', 'old']);
    expect(list.keys.get('old')).toEqual(Buffer.alloc(32, 1));
  });

  it.each([
    ['an entry without a colon', `k1${b64(32)}`, /entry 1 must be <id>:<base64 key>/],
    ['a bad id', `K!:${b64(32)}`, /entry 1: key id must be 1-8 lowercase/],
    ['a duplicate id', `k1:${b64(32)},k1:${b64(32, 3)}`, /entry 2: key id appears twice/],
    ['a key that is not base64', 'k1:***', /entry 1: key k1 is not canonical base64/],
    ['a key of the wrong size', `k1:${b64(32)},k2:${b64(31)}`, /entry 2: key k2 must be 32 bytes once decoded, not 31/],
    ['an empty entry', `k1:${b64(32)},`, /entry 2 must be/],
  ])('refuses %s with a message naming the variable', (_, text, message) => {
    const e = configError(() => parseKeyList('X_KEYS', text, rule));
    expect(e.variable).toBe('X_KEYS');
    expect(e.message).toMatch(/^X_KEYS /);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(b64(32));
  });
});
