// Logs and secrets of the test run, for the scan that `./run test` runs afterwards
// (scripts/scan-logs.mjs): apps built by specs log to test-results/logs, and the secret values the
// specs use are written to test-results/secrets so that the scan looks for exactly those.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const results = resolve(__dirname, '../../../test-results');

/** Configuration for an app built by a spec: info-level JSON lines into this worker's log file. */
export const testLogEnv = (): { LOG_LEVEL: 'info'; LOG_FILE: string } => ({
  LOG_LEVEL: 'info',
  LOG_FILE: join(results, 'logs', `jest-${process.pid}.log`),
});

export type SecretKind = 'password' | 'token' | 'sms-code' | 'totp-secret' | 'id-number' | 'phone' | 'recovery-code';

/** Records a secret value a spec sent or received; no log line may contain it. */
export const recordSecret = (kind: SecretKind, value: string | undefined | null): void => {
  if (!value) return;
  const dir = join(results, 'secrets');
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `jest-${process.pid}.txt`), `${kind}\t${value}\n`);
};
