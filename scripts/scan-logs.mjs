// Secret scan of the test run's logs (`./run test`): no log line may hold a password, token, SMS
// code, TOTP secret, ID number or phone number. Looks for the exact values the specs recorded
// (test-results/secrets/*.txt, "kind<TAB>value" lines) and for the shapes such values take.
// Exit 1 listing file:line and what was found; exit 2 when there are no logs to scan (a scan of
// nothing proves nothing).
//   node scripts/scan-logs.mjs [--logs DIR] [--secrets DIR]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? resolve(process.argv[i + 1]) : fallback;
};
const root = resolve(import.meta.dirname, '..');
const logsDir = arg('--logs', join(root, 'test-results/logs'));
const secretsDir = arg('--secrets', join(root, 'test-results/secrets'));

// Shapes of secrets, whatever value a test used. Bounded by non-alphanumerics so that hashes, ids
// and timestamps that happen to contain digits are not taken for phone or ID numbers.
const PATTERNS = [
  ['phone number', /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])/],
  ['ID number', /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/],
  ['bearer token', /Bearer\s+(?!<)[A-Za-z0-9._~+/=-]{16,}/i],
  ['JWT', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/],
  ['argon2 hash', /\$argon2(?:id|i|d)\$v=\d+\$/],
  ['SMS or TOTP code', /"?(?:sms)?code"?\s*[:=]\s*"?\d{6}(?!\d)/i],
  ['TOTP secret', /"?secret"?\s*[:=]\s*"?[A-Z2-7]{16,}={0,6}"?/],
  ['otpauth URI', /otpauth:\/\/totp\//],
  ['password field', /"(?:password|newPassword|currentPassword)"\s*:\s*"(?!\[redacted\])[^"]+"/],
];

const files = (dir) =>
  !existsSync(dir)
    ? []
    : readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });

/** Recorded values; numeric ones (SMS codes) only match as a whole word, not inside an id or a hash. */
const recorded = files(secretsDir)
  .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
  .map((line) => line.split('\t'))
  .filter(([kind, value]) => kind && value && value.length >= 6)
  .map(([kind, value]) => [kind, value]);
const unique = [...new Map(recorded.map(([k, v]) => [v, k])).entries()];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exact = unique.map(([value, kind]) => [kind, /^\d+$/.test(value) ? new RegExp(`(?<![0-9A-Za-z])${escape(value)}(?![0-9A-Za-z])`) : null, value]);

const logFiles = files(logsDir).filter((f) => /\.(log|jsonl|txt)$/.test(f));
if (logFiles.length === 0) {
  process.stderr.write(`scan-logs: no log files under ${relative(root, logsDir) || logsDir}: nothing was scanned\n`);
  process.exit(2);
}

const findings = [];
let lines = 0;
for (const file of logFiles) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line) return;
      lines++;
      const where = `${relative(root, file)}:${i + 1}`;
      for (const [what, pattern] of PATTERNS) if (pattern.test(line)) findings.push(`${where}: ${what}`);
      for (const [kind, pattern, value] of exact) if (pattern ? pattern.test(line) : line.includes(value)) findings.push(`${where}: recorded ${kind}`);
    });
}

if (findings.length > 0) {
  process.stderr.write(`scan-logs: ${findings.length} secret(s) in the logs:\n${findings.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`scan-logs: ${lines} lines in ${logFiles.length} files, ${unique.length} recorded values and ${PATTERNS.length} patterns: no secrets\n`);
