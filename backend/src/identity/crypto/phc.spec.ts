import { formatPhc, fromB64, MalformedPasswordHashError, parsePhc, toB64 } from './phc';

const salt = Buffer.from('0123456789abcdef');
const hash = Buffer.alloc(32, 0xab);
const params = { memoryKiB: 47104, passes: 1, parallelism: 1 };

describe('PHC B64 (standard alphabet, no padding)', () => {
  it('drops padding and round-trips', () => {
    expect(toB64(Buffer.from('ab'))).toBe('YWI');
    expect(fromB64('YWI')).toEqual(Buffer.from('ab'));
  });

  it('refuses padding, the URL-safe alphabet and non-canonical trailing bits', () => {
    expect(fromB64('YWI=')).toBeNull();
    expect(fromB64('-_8')).toBeNull();
    expect(fromB64('YWJ')).toBeNull(); // same bytes as YWI with a stray low bit
    expect(fromB64('YWJjZ')).toBeNull(); // length ≡ 1 mod 4
  });
});

describe('formatPhc / parsePhc', () => {
  it('writes the argon2id v19 PHC string and reads it back', () => {
    const phc = formatPhc({ params, pepperId: null, salt, hash });
    expect(phc).toBe(`$argon2id$v=19$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$${hash.toString('base64').replace(/=+$/, '')}`);
    expect(parsePhc(phc)).toEqual({ params, pepperId: null, salt, hash });
  });

  it('carries the pepper id in the PHC keyid parameter', () => {
    const phc = formatPhc({ params, pepperId: 'p2025', salt, hash });
    expect(phc).toContain(`p=1,keyid=${Buffer.from('p2025').toString('base64').replace(/=+$/, '')}$`);
    expect(parsePhc(phc).pepperId).toBe('p2025');
  });

  it.each([
    ['another algorithm', '$argon2i$v=19$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['another version', '$argon2id$v=16$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['a missing version', '$argon2id$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['parameters out of order', '$argon2id$v=19$t=1,m=47104,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['a leading zero', '$argon2id$v=19$m=047104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['an 11-digit number', '$argon2id$v=19$m=10000000000,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['padded base64', '$argon2id$v=19$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg==$q6urq6urq6urq6urq6urqw'],
    ['a missing hash', '$argon2id$v=19$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg'],
    ['trailing text', '$argon2id$v=19$m=47104,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw$'],
    ['a keyid that is no pepper id', '$argon2id$v=19$m=47104,t=1,p=1,keyid=AAEC$MDEyMzQ1Njc4OWFiY2RlZg$q6urq6urq6urq6urq6urqw'],
    ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
    ['an empty string', ''],
    ['a huge string', `$argon2id$v=19$m=47104,t=1,p=1$${'A'.repeat(600)}$q6urq6urq6urq6urq6urqw`],
  ])('refuses %s', (_, text) => {
    expect(() => parsePhc(text)).toThrow(MalformedPasswordHashError);
  });
});
