// Crash harness from the command line (long modes; CI runs a short seeded one through Jest):
//   node scripts/build-server.mjs && node dist/server/bench/crash/crash.js [--kills 50] [--seed N] [--users 4]
//        [--fixture ack-early]
// Exit 1 when the product broke a promise (listed), 0 when every acknowledged command held.
import { join } from 'node:path';
import { CRASH_MIX } from './crash-mix';
import { runCrashHarness } from './crash-harness';
import { numberArg } from '../args';

const fixture = process.argv.includes('--fixture') ? process.argv[process.argv.indexOf('--fixture') + 1] : undefined;
if (fixture !== undefined && fixture !== 'ack-early') throw new Error('--fixture knows only ack-early');

async function main(): Promise<number> {
  const started = Date.now();
  const report = await runCrashHarness({
    seed: numberArg('--seed', Date.now() % 1_000_000),
    kills: numberArg('--kills', 50),
    users: numberArg('--users', 4),
    mix: CRASH_MIX,
    ...(fixture ? { entry: join(__dirname, 'ack-early-main.js') } : {}),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const { violations, ...figures } = report;
  process.stdout.write(`${JSON.stringify({ ...figures, seconds: Math.round((Date.now() - started) / 1000), violations: violations.length }, null, 2)}\n`);
  for (const v of violations.slice(0, 50)) process.stdout.write(`VIOLATION ${v}\n`);
  if (violations.length > 50) process.stdout.write(`... and ${violations.length - 50} more\n`);
  return violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`crash harness: ${e.stack ?? e.message}\n`);
    process.exit(2);
  },
);
