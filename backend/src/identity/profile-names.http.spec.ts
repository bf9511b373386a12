// Names people choose are shown to others: normalised (trimmed, NFC) before they are checked, and free
// of characters that hide or reorder text. Through the real HTTP stack.
import { bearer, freshPhone, login, register, requestSmsCode, PASSWORD, startIdentityApp, type IdentityApp, type SignedIn } from './testing/identity-app';

let t: IdentityApp;
let s: SignedIn;
beforeAll(async () => {
  t = await startIdentityApp();
  const { phone } = await register(t);
  s = await login(t, phone);
});
afterAll(() => t.close());

const patchMe = (body: unknown) => t.http().patch('/api/v1/me').set(bearer(s)).send(body as object);
const ruleOf = (res: { body: { errors?: { field: string; rule: string }[] } }, field: string) =>
  (res.body.errors ?? []).filter((e) => e.field === field).map((e) => e.rule);

describe('PATCH /api/v1/me names', () => {
  it.each(['displayName', 'realName'])('answers 400 naming %s when it is null', async (field) => {
    const res = await patchMe({ [field]: null }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect(ruleOf(res, field)).toContain('isString');
  });

  it('trims before checking the length: five spaces are no name', async () => {
    const res = await patchMe({ displayName: '     ' }).expect(400);
    expect(ruleOf(res, 'displayName')).toContain('isLength');
    const me = await t.http().get('/api/v1/me').set(bearer(s)).expect(200);
    expect(me.body.displayName).not.toBe('');
  });

  it('stores the trimmed name in NFC', async () => {
    const res = await patchMe({ displayName: '  Cafe\u0301 工程师  ', realName: ' 张三 ' }).expect(200);
    expect(res.body.displayName).toBe('Caf\u00e9 工程师');
    expect(res.body.realName).toBe('张*');
  });

  it('counts the length after normalising', async () => {
    // 30 characters once composed, 60 code units as typed.
    await patchMe({ displayName: 'e\u0301'.repeat(30) }).expect(200);
  });

  it.each([
    ['NUL', 'ab\u0000cd'],
    ['a line break', 'ab\ncd'],
    ['right-to-left override', 'abc\u202Egpj.exe'],
    ['a bidi isolate', 'ab\u2067cd'],
    ['zero-width space', 'ab\u200Bcd'],
    ['zero-width joiner', 'ab\u200Dcd'],
    ['a byte-order mark inside', 'ab\uFEFFcd'],
  ])('refuses %s in a display name', async (_, displayName) => {
    const res = await patchMe({ displayName }).expect(400);
    expect(ruleOf(res, 'displayName')).toContain('visibleCharacters');
  });

  it('refuses hidden characters in a real name with their own rule', async () => {
    const res = await patchMe({ realName: '张\u200B三' }).expect(400);
    expect(ruleOf(res, 'realName')).toContain('visibleCharacters');
  });
});

describe('registration display name', () => {
  const registerWith = async (displayName: unknown) => {
    const phone = freshPhone();
    const smsCode = await requestSmsCode(t, phone);
    return t.http().post('/api/v1/auth/register').send({ phone, smsCode, password: PASSWORD, acceptTerms: true, acceptPrivacy: true, displayName });
  };

  it.each([
    ['null', null, 'isString'],
    ['five spaces', '     ', 'isLength'],
    ['a right-to-left override', 'admin\u202E', 'visibleCharacters'],
  ])('refuses %s', async (_, displayName, rule) => {
    const res = await registerWith(displayName);
    expect(res.status).toBe(400);
    expect(ruleOf(res, 'displayName')).toContain(rule);
  });

  it('stores it trimmed and in NFC', async () => {
    const res = await registerWith(' Jose\u0301 ');
    expect(res.status).toBe(201);
    expect(res.body.displayName).toBe('Jos\u00e9');
  });
});
