// The secret scan of the test run's logs (scripts/scan-logs.mjs) finds what it is there to find.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const scan = (logs: string, secrets: string) =>
  spawnSync(process.execPath, [join(root, 'scripts/scan-logs.mjs'), '--logs', logs, '--secrets', secrets], { encoding: 'utf8' });

const setUp = (lines: string[], secrets: string[] = []) => {
  const dir = mkdtempSync(join(tmpdir(), 'kuaige-scan-'));
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'logs', 'app.log'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'secrets', 'jest-1.txt'), secrets.join('\n') + '\n');
  return { logs: join(dir, 'logs'), secrets: join(dir, 'secrets') };
};

const clean = '{"level":30,"time":1764575123456,"req":{"id":"0b8e5f1c-1370-4000-8000-139123456780","method":"GET","url":"/api/v1/me"},"msg":"request completed"}';

describe('scan-logs', () => {
  it('passes logs that hold no secret, timestamps and ids included', () => {
    // The request id's last group ends in the recorded code's digits: an id, not a leak.
    const idEndingInCode = '{"req":{"id":"af54f67c-bd4b-4063-95e6-5bfa5d482913"},"msg":"request completed"}';
    const dirs = setUp([clean, '{"msg":"hash 13912345678a0f"}', idEndingInCode], ['password\tkuaige2026', 'sms-code\t482913']);
    const result = scan(dirs.logs, dirs.secrets);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^scan-logs: 3 lines in 1 files, 2 recorded values .*: no secrets/);
  });

  it.each([
    ['a recorded password', '{"msg":"login","body":"kuaige2026"}', 'recorded password'],
    ['a recorded SMS code', '{"msg":"texted 482913 to the user"}', 'recorded sms-code'],
    ['a phone number of any value', '{"msg":"login from 13800138000"}', 'phone number'],
    ['an ID number', '{"msg":"realId 11010519491231002X"}', 'ID number'],
    ['a bearer token', '{"headers":{"authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.abcdefghijklmnop"}}', 'bearer token'],
    ['an argon2 hash', '{"passwordHash":"$argon2id$v=19$m=47104,t=1,p=1$c2FsdA$aGFzaA"}', 'argon2 hash'],
    ['a code field', '{"body":{"code":"123456"}}', 'SMS or TOTP code'],
    ['a TOTP secret', '{"secret":"JBSWY3DPEHPK3PXPJBSWY3DP"}', 'TOTP secret'],
  ])('fails on %s planted in a log, naming file:line', (_, planted, what) => {
    const dirs = setUp([clean, planted], ['password\tkuaige2026', 'sms-code\t482913']);
    const result = scan(dirs.logs, dirs.secrets);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`app.log:2: ${what}`);
    expect(result.stderr).not.toContain('app.log:1:');
  });

  it('refuses to pass when there are no logs to scan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kuaige-scan-empty-'));
    const result = scan(join(dir, 'logs'), join(dir, 'secrets'));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no log files .*nothing was scanned/);
  });
});
