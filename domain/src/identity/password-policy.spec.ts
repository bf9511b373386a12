import { isAcceptablePassword, isPasswordChangeDue } from './password-policy';

describe('Password policy', () => {
  it.each([
    ['abc12345', true],
    ['abcdefgh', false],
    ['12345678', false],
    ['ab1', false],
    ['a1'.repeat(10), true],
    ['a1'.repeat(10) + 'x', false],
    ['密码abc123', true],
  ])('%s acceptable: %s', (password, ok) => expect(isAcceptablePassword(password)).toBe(ok));

  it('asks for a change after the maximum age only when the policy is on', () => {
    expect(isPasswordChangeDue('2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', 90)).toBe(true);
    expect(isPasswordChangeDue('2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z', 90)).toBe(false);
    expect(isPasswordChangeDue('2020-01-01T00:00:00Z', '2026-03-01T00:00:00Z', 0)).toBe(false);
  });
});
