// kuaige — operations command line: `npm run kuaige -- <command>` (after `./run build`).
//   events tail [-n N] [--follow]      the last N events (default 20); --follow keeps printing new ones
//   events stats                       events per category and type, head position, time range
//   events verify [--digest F]… [--keys F] [--from N] [--to M] [--json]
//                                      the hash chain against signed digests (default: DATA_DIR's) and public
//                                      keys; names the first broken link; exit 0 intact, 1 broken, 3 digest
//                                      not authentic (backend/src/audit/integrity/README.md)
//   audit sign [--out F] | digests | digest <id> [--out F] | keys [rotate | export [--out F]]
//                                      sign a digest now, list or export digests, list, rotate or export keys
//   projections status [--url U]       state, checkpoint and lag of every projection (asks the projector process)
//   projections rebuild <name> [--url U] [--no-wait]
//   demo generate --work-orders N [--seed S] [--until YYYY-MM-DD] [--concurrency C] [--bulk]
//                                      writes the demo world (backend/src/demo) into DATA_DIR through the
//                                      command bus of an in-process application; run again to resume;
//                                      --bulk decides devices and orders in memory and commits them in
//                                      batches while a second process projects them; it saves the
//                                      read-model snapshot [--follower-heap-mb M, default 12000]
//   backup create|list|prune           online backups of DATA_DIR's SQLite files (backend/src/backup)
//   restore <backup> --into <dir>      restore into a fresh directory
//   restore drill [--backup B] [--work-dir D] [--keep]
//                                      restore, verify, rebuild and compare with DATA_DIR (exit 1 on a difference)
// Configuration comes from the same environment variables as the server (DATA_DIR, EVENTSTORE_URL ...).
import 'reflect-metadata';
import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import { ConfigError, loadConfig, type AppConfig } from '../config/config';
import { openEventStore } from '../event-store/event-store.factory';
import { auditCommand, AuditUsageError, verifyCommand } from '../audit/integrity/cli';
import { resolveAdminToken } from '../admin/admin-token';
import { BACKUP_USAGE, backupCommand, restoreCommand } from '../backup/backup-cli';

const USAGE = `usage: kuaige events tail [-n N] [--follow] | events stats
       kuaige events verify [--digest FILE]... [--keys FILE] [--from N] [--to M] [--json]
       kuaige audit sign [--out FILE] | audit digests | audit digest ID [--out FILE] | audit keys [rotate | export [--out FILE]]
       kuaige projections status [--url URL] | projections rebuild <name> [--url URL] [--no-wait]
       kuaige demo generate --work-orders N [--seed S] [--until YYYY-MM-DD] [--concurrency C] [--bulk]
${BACKUP_USAGE}`;

class UsageError extends Error {}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const flag = (args: string[], name: string) => args.includes(name);
const option = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const describeEvent = (e: RecordedEvent) =>
  `${String(e.position).padStart(8)}  ${e.recordedAt}  ${e.streamId}@${e.revision}  ${e.type}  actor=${e.metadata.actor?.userId ?? '-'}`;

async function tail(store: EventStore, args: string[]): Promise<number> {
  const n = Number(option(args, '-n') ?? 20);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError('-n must be an integer from 1 to 10000');
  const last: RecordedEvent[] = [];
  for await (const e of store.readAll()) {
    last.push(e);
    if (last.length > n) last.shift();
  }
  last.forEach((e) => out(describeEvent(e)));
  if (!flag(args, '--follow')) return 0;
  const from = last.length ? last[last.length - 1]!.position : await store.headPosition();
  const subscription = store.subscribeToAll(
    (e) => {
      out(describeEvent(e));
    },
    { after: from },
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await subscription.stop();
  return 0;
}

async function stats(store: EventStore): Promise<number> {
  const byType = new Map<string, number>();
  const streams = new Set<string>();
  let total = 0;
  let first: string | null = null;
  let lastAt: string | null = null;
  for await (const e of store.readAll()) {
    total++;
    streams.add(e.streamId);
    byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    first ??= e.recordedAt;
    lastAt = e.recordedAt;
  }
  out(`store        ${store.kind}`);
  out(`events       ${total}`);
  out(`streams      ${streams.size}`);
  out(`head         ${await store.headPosition()}`);
  out(`first, last  ${first ?? '-'}  ${lastAt ?? '-'}`);
  for (const [type, count] of [...byType].sort((a, b) => b[1] - a[1])) out(`  ${String(count).padStart(8)}  ${type}`);
  return 0;
}

async function admin(config: AppConfig, args: string[]): Promise<number> {
  const url = (option(args, '--url') ?? `http://127.0.0.1:${config.port}`).replace(/\/$/, '');
  const token = resolveAdminToken(config.adminToken, config.dataDir);
  const call = async (method: string, path: string) => {
    const response = await fetch(`${url}/api/v1/admin/projections${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${response.status}: ${String(body['message'] ?? response.statusText)}`);
    return body;
  };
  const [sub, name] = args;
  if (sub === 'status') {
    const body = (await call('GET', '')) as { projections: { name: string; version: number; state: string; position: number; headPosition: number; lagEvents: number; lagMs: number | null }[] };
    out('projection                 ver  state        position      head   lag(events)  lag(ms)');
    for (const p of body.projections) {
      out(`${p.name.padEnd(26)} ${String(p.version).padStart(3)}  ${p.state.padEnd(11)} ${String(p.position).padStart(9)} ${String(p.headPosition).padStart(9)} ${String(p.lagEvents).padStart(12)}  ${p.lagMs ?? '-'}`);
    }
    if (body.projections.length === 0) out('(no projections registered in this build)');
    return 0;
  }
  if (sub === 'rebuild') {
    if (!name) throw new UsageError('projections rebuild needs the projection name');
    const body = await call('POST', `/${encodeURIComponent(name)}/rebuild${flag(args, '--no-wait') ? '' : '?wait=true'}`);
    out(`${name}: rebuild ${String(body['state'])}`);
    return 0;
  }
  throw new UsageError(`unknown projections command ${sub ?? ''}`);
}

const integerOption = (args: string[], name: string, fallback: number | undefined, min: number, max: number): number => {
  const given = option(args, name);
  if (given === undefined && fallback !== undefined) return fallback;
  const n = Number(given);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

async function demo(config: AppConfig, args: string[]): Promise<number> {
  if (args[0] !== 'generate') throw new UsageError(`unknown demo command ${args[0] ?? ''}`);
  if (config.nodeEnv === 'production') throw new UsageError('demo data is not written with NODE_ENV=production');
  const workOrders = integerOption(args, '--work-orders', undefined, 1, 1_000_000);
  const seed = integerOption(args, '--seed', 1, 0, 2 ** 31 - 1);
  const concurrency = integerOption(args, '--concurrency', 32, 1, 1024);
  const until = option(args, '--until');
  if (until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(until)) throw new UsageError('--until must be a date YYYY-MM-DD');
  // Loaded only here: the other commands stay quick without the application's whole module graph.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('../app.factory') as typeof import('../app.factory');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateWorkOrderDemo, readGenerationRecord, GenerationMismatch, STOP_FILE } = require('../demo/work-order-demo') as typeof import('../demo/work-order-demo');
  // The progress lines are the output; the application's own log only says what went wrong.
  // Refused before the application starts: a world of other arguments would not be the recorded one.
  const recorded = readGenerationRecord(config.dataDir);
  if (recorded && (recorded.seed !== seed || recorded.workOrders !== workOrders || (until !== undefined && recorded.until !== until))) throw new GenerationMismatch(recorded);
  const bulk = flag(args, '--bulk');
  if (bulk && (config.eventStoreUrl !== null || config.mongoUrl !== null)) throw new UsageError('--bulk writes the embedded stores only: unset EVENTSTORE_URL and MONGO_URL');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { forkFollower } = require('../demo/bulk-projection') as typeof import('../demo/bulk-projection');
  // In bulk mode a second process projects the log while this one writes it (both cores), and saves
  // the read-model snapshot the product starts from.
  const follower = bulk ? forkFollower(config.dataDir, integerOption(args, '--follower-heap-mb', 12_000, 512, 65_536)) : null;
  const app = await createApp({ ...config, role: 'all', demoData: false, consoleDir: null, logLevel: process.env['LOG_LEVEL'] ? config.logLevel : 'warn' });
  let closed = false;
  try {
    let shown = '';
    const report = await generateWorkOrderDemo(app, config.dataDir, {
      workOrders,
      seed,
      concurrency,
      bulk,
      ...(until !== undefined ? { until } : {}),
      progress: (p) => {
        const line = `${p.phase}: ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} (${Math.round(p.perSecond).toLocaleString('en-US')}/s)`;
        if (line !== shown) process.stderr.write(`${line}\n`);
        shown = line;
      },
    });
    const w = report.world;
    out(`demo world of seed ${report.seed} in ${config.dataDir}: ${report.workOrders.toLocaleString('en-US')} work orders, ${w.devices.length.toLocaleString('en-US')} devices, ${w.nodes.length} operator nodes, ${w.manufacturers.length} manufacturers, ${w.equipmentUsers.length} equipment users, ${w.providers.length} service providers (${w.providers.reduce((n, p) => n + p.engineers.length, 0)} engineers)`);
    out(report.seconds === 0 ? 'already complete: nothing written' : `${report.commands.toLocaleString('en-US')} commands in ${report.seconds.toFixed(1)} s`);
    if (report.bulk) {
      if (!report.completed) out(`stopped at ${report.ordersDone.toLocaleString('en-US')} work orders (${STOP_FILE} found); the same command resumes`);
      out(`bulk: ${report.bulk.events.toLocaleString('en-US')} events committed; reaction checkpoints moved to the head: ${report.bulk.reactionsMoved.join(', ') || 'none'}; left to answer live: ${report.bulk.reactionsLeft.join(', ') || 'none'}`);
      closed = true;
      await app.close();
      const waited = performance.now();
      const r = await follower!.finish();
      out(`read models: ${r.events.toLocaleString('en-US')} events projected by the follower in ${r.seconds.toFixed(1)} s (${((performance.now() - waited) / 1000).toFixed(1)} s after the writer finished; indexes ${r.indexSeconds.toFixed(1)} s), snapshot of ${r.rows.toLocaleString('en-US')} rows saved in ${r.snapshotSeconds.toFixed(1)} s`);
    }
    return 0;
  } catch (error) {
    follower?.stop();
    throw error;
  } finally {
    if (!closed) await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  const config = loadConfig();
  if (group === 'projections') return admin(config, [command ?? '', ...rest]);
  if (group === 'demo') return demo(config, [command ?? '', ...rest]);
  if (group === 'backup') return backupCommand(config, [command ?? '', ...rest], out);
  if (group === 'restore') {
    // Loaded only here, as for demo: the projections pull in every feature's read models.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const projections = () => (require('../event-sourcing/read-side') as typeof import('../event-sourcing/read-side')).PRODUCT_PROJECTIONS;
    return restoreCommand(config, [command ?? '', ...rest], out, projections);
  }
  if ((group !== 'events' && group !== 'audit') || !command) throw new UsageError('');
  const store = await openEventStore({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir });
  try {
    if (group === 'audit') return await auditCommand(store, config.dataDir, [command, ...rest], out);
    if (command === 'tail') return await tail(store, rest);
    if (command === 'stats') return await stats(store);
    if (command === 'verify') return await verifyCommand(store, config.dataDir, rest, out);
    throw new UsageError(`unknown events command ${command}`);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    if (e instanceof UsageError || e instanceof AuditUsageError) process.stderr.write(`${e.message ? `kuaige: ${e.message}\n` : ''}${USAGE}\n`);
    else if (e instanceof ConfigError) process.stderr.write(`kuaige: configuration error: ${e.message}\n`);
    else process.stderr.write(`kuaige: ${e.message}\n`);
    process.exit(e instanceof UsageError || e instanceof AuditUsageError || e instanceof ConfigError ? 2 : 1);
  },
);
