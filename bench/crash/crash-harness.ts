// Crash harness: drives the mix of commands at the running product, kills it with SIGKILL at seeded
// random moments, restarts it on the same data directory, and checks what the answers promised:
// every acknowledged command's events are in the log, the hash chain verifies, the read models equal
// a clean rebuild, and reactions took effect exactly once.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { reactionCommandId, type Reaction } from '@kuaige/projections';
import { openEventStore } from '../../backend/src/event-store/event-store.factory';
import { verifyChain } from '../../backend/src/event-store/hash-chain';
import { PRODUCT_REACTIONS } from '../../backend/src/event-sourcing/read-side';
import { PRODUCT_CLI, ProductProcess, REPO_ROOT } from '../harness/product-process';
import { registerUsers, send, type HarnessRequest, type HarnessUser } from '../harness/identity-users';
import type { Acknowledged, CrashCommand, CrashContext, EventLog } from './crash-mix';

export interface CrashOptions {
  readonly seed: number;
  readonly kills: number;
  readonly mix: readonly CrashCommand[];
  /** Reactions whose effects must be there exactly once (the product's own by default: none yet). */
  readonly reactions?: readonly Reaction[];
  readonly users?: number;
  /** Virtual users sending commands at once (each one at a time). */
  readonly concurrency?: number;
  /** How long the product runs between its ready signal and the kill, ms. */
  readonly uptime?: readonly [number, number];
  readonly entry?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly logFile?: string;
  readonly onProgress?: (line: string) => void;
}

export interface CrashReport {
  readonly seed: number;
  readonly kills: number;
  /** Kept only when there are violations. */
  readonly dataDir: string;
  readonly acknowledged: Readonly<Record<string, number>>;
  /** Commands in flight when the process died: no answer, so sent again after the restart. */
  readonly inDoubt: number;
  readonly events: number;
  readonly chain: { readonly checked: number; readonly intact: boolean; readonly cli: string };
  readonly readModels: { readonly compared: number };
  readonly reactions: { readonly running: number; readonly triggers: number };
  /** Every broken promise found; empty when the product kept them all. */
  readonly violations: readonly string[];
}

/** mulberry32: small, seeded, good enough to place kills and pick commands reproducibly. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Read-model queries compared before and after a clean rebuild, per user. */
const READ_MODEL_PROBES: readonly { readonly name: string; readonly path: string }[] = [
  { name: 'sessions', path: '/api/v1/auth/sessions' },
  { name: 'login log', path: '/api/v1/me/login-log?limit=100' },
];

export async function runCrashHarness(options: CrashOptions): Promise<CrashReport> {
  const random = seededRandom(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'kuaige-crash-'));
  const adminToken = `crash-harness-${randomUUID()}`;
  const logFile = options.logFile ?? join(REPO_ROOT, 'test-results/logs', `crash-${options.seed}-${process.pid}.log`);
  const product = new ProductProcess({ dataDir, adminToken, logFile, ...(options.entry ? { entry: options.entry } : {}), ...(options.env ? { env: options.env } : {}) });
  const [minUp, maxUp] = options.uptime ?? [150, 900];
  const progress = options.onProgress ?? (() => undefined);
  const acks: Acknowledged[] = [];
  const inDoubt: { command: CrashCommand; ctx: CrashContext; prepared: Record<string, string>; request: HarnessRequest }[] = [];
  const violations: string[] = [];
  let seq = 0;
  let lost = 0;

  const issue = async (command: CrashCommand, ctx: CrashContext, prepared: Record<string, string>, request: HarnessRequest): Promise<'answered' | 'lost'> => {
    let answer;
    try {
      answer = await send(product.baseUrl, request);
    } catch {
      inDoubt.push({ command, ctx, prepared, request });
      lost++;
      return 'lost';
    }
    if (answer.status >= 200 && answer.status < 300) acks.push({ command: command.name, userId: ctx.user.userId, request, answer });
    else if (answer.status >= 500) violations.push(`${command.name} answered ${answer.status} while the product was up: ${JSON.stringify(answer.body)}`);
    return 'answered';
  };

  // One virtual user: commands one after another until the process goes away.
  const virtualUser = async (user: HarnessUser, until: () => boolean): Promise<void> => {
    while (!until()) {
      const command = options.mix[Math.floor(random() * options.mix.length)]!;
      const ctx: CrashContext = { baseUrl: product.baseUrl, adminToken, user, seq: ++seq };
      let prepared: Record<string, string>;
      try {
        prepared = (await command.prepare?.(ctx)) ?? {};
      } catch {
        if (until()) return;
        continue;
      }
      const request = { ...command.request(ctx, prepared), commandId: randomUUID() };
      if ((await issue(command, ctx, prepared, request)) === 'lost') return;
    }
  };

  try {
    await product.start();
    const users = await registerUsers(product.baseUrl, adminToken, options.users ?? 4);
    progress(`registered ${users.length} users; ${options.kills} kills (seed ${options.seed})`);
    const concurrency = options.concurrency ?? users.length;

    for (let round = 0; round <= options.kills; round++) {
      if (round > 0) {
        await product.start();
        // A client that got no answer sends the same command again, with the same Idempotency-Key.
        const retries = inDoubt.splice(0);
        for (const r of retries) await issue(r.command, { ...r.ctx, baseUrl: product.baseUrl }, r.prepared, r.request);
      }
      const last = round === options.kills;
      const upFor = last ? 600 : minUp + random() * (maxUp - minUp);
      const started = Date.now();
      let down = false;
      const until = () => down || Date.now() - started > upFor + 5_000;
      const drivers = users.slice(0, concurrency).map((u) => virtualUser(u, last ? () => Date.now() - started > upFor : until));
      if (!last) {
        await sleep(upFor);
        down = true;
        await product.kill();
        progress(`kill ${round + 1}/${options.kills} after ${Math.round(upFor)} ms; ${acks.length} acknowledged so far`);
      }
      await Promise.all(drivers);
    }

    const compared = await compareWithRebuild(product.baseUrl, adminToken, users, violations);
    const running = await waitForReactions(product.baseUrl, adminToken);
    await product.stop();

    const log = await readLog(dataDir);
    const acknowledged: Record<string, number> = {};
    for (const ack of acks) {
      acknowledged[ack.command] = (acknowledged[ack.command] ?? 0) + 1;
      const command = options.mix.find((c) => c.name === ack.command)!;
      const missing = command.verify(log, ack);
      if (missing) violations.push(`acknowledged ${ack.command} (user ${ack.userId}, ${ack.request.method} ${ack.request.path}) lost: ${missing}`);
    }
    for (const command of options.mix) violations.push(...(command.invariants?.(log) ?? []));
    const reactionFindings = checkReactions(log, options.reactions ?? PRODUCT_REACTIONS);
    violations.push(...reactionFindings.violations);

    const chain = await verifyChainOf(dataDir);
    if (!chain.intact) violations.push(`hash chain broken: ${chain.detail}`);
    const cli = cliVerify(dataDir);
    if (!cli.ok) violations.push(`kuaige events verify failed: ${cli.output}`);

    // A data directory that broke a promise is kept for investigation; a good one is not.
    if (violations.length === 0) rmSync(dataDir, { recursive: true, force: true });
    return {
      seed: options.seed,
      kills: options.kills,
      dataDir,
      acknowledged,
      inDoubt: lost,
      events: log.all.length,
      chain: { checked: chain.checked, intact: chain.intact, cli: cli.output },
      readModels: { compared },
      reactions: { running, triggers: reactionFindings.triggers },
      violations,
    };
  } finally {
    await product.close();
  }
}

async function readLog(dataDir: string): Promise<EventLog> {
  const store = await openEventStore({ eventStoreUrl: null, dataDir });
  try {
    const all: RecordedEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    const byStream = new Map<string, RecordedEvent[]>();
    for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    return { all, stream: (id) => byStream.get(id) ?? [] };
  } finally {
    await store.close();
  }
}

async function verifyChainOf(dataDir: string): Promise<{ checked: number; intact: boolean; detail: string }> {
  const store = await openEventStore({ eventStoreUrl: null, dataDir });
  try {
    const result = await verifyChain(store.readAll(), { mode: 'global' });
    const b = result.firstBroken;
    return { checked: result.checked, intact: !b, detail: b ? `event ${b.eventId} in ${b.streamId} at ${b.position}` : '' };
  } finally {
    await store.close();
  }
}

/** The operator's own check, as documented: `kuaige events verify` on the data directory. */
function cliVerify(dataDir: string): { ok: boolean; output: string } {
  try {
    const output = execFileSync(process.execPath, [PRODUCT_CLI, 'events', 'verify'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    return { ok: true, output: output.trim() };
  } catch (e) {
    const failed = e as { stdout?: string; message: string };
    return { ok: false, output: (failed.stdout ?? failed.message).trim() };
  }
}

/**
 * The read models after crashes and restarts (rebuilt at start-up, then kept current by live
 * events) against a clean blue-green rebuild of every projection in the same process.
 */
async function compareWithRebuild(baseUrl: string, adminToken: string, users: readonly HarnessUser[], violations: string[]): Promise<number> {
  const snapshot = async () => {
    const rows: Record<string, unknown> = {};
    for (const user of users) {
      for (const probe of READ_MODEL_PROBES) {
        const answer = await send(baseUrl, { method: 'GET', path: probe.path, token: user.accessToken });
        rows[`${probe.name} of ${user.userId}`] = answer.status === 200 ? answer.body : { status: answer.status };
      }
    }
    return rows;
  };
  await waitCaughtUp(baseUrl, adminToken);
  // A first read may record session activity (at most once a minute): read until two reads agree.
  let before = await snapshot();
  for (let i = 0; i < 5; i++) {
    await waitCaughtUp(baseUrl, adminToken);
    const again = await snapshot();
    if (isDeepStrictEqual(again, before)) break;
    before = again;
  }
  const status = await send(baseUrl, { method: 'GET', path: '/api/v1/admin/projections', token: adminToken });
  const names = (status.body['projections'] as { name: string }[]).map((p) => p.name);
  for (const name of names) {
    const rebuilt = await send(baseUrl, { method: 'POST', path: `/api/v1/admin/projections/${encodeURIComponent(name)}/rebuild?wait=true`, token: adminToken });
    if (rebuilt.status !== 202) violations.push(`rebuild of ${name} answered ${rebuilt.status}`);
  }
  await waitCaughtUp(baseUrl, adminToken);
  const after = await snapshot();
  for (const key of Object.keys(before)) {
    if (!isDeepStrictEqual(before[key], after[key])) violations.push(`read model differs from a clean rebuild: ${key}: ${JSON.stringify(before[key])} vs ${JSON.stringify(after[key])}`);
  }
  return Object.keys(before).length;
}

async function waitCaughtUp(baseUrl: string, adminToken: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const status = await send(baseUrl, { method: 'GET', path: '/api/v1/admin/projections', token: adminToken });
    const projections = status.body['projections'] as { lagEvents: number; state: string }[] | undefined;
    if (projections && projections.every((p) => p.lagEvents === 0 && p.state === 'live')) return;
    await sleep(25);
  }
  throw new Error('the projections did not catch up with the log');
}

/** Reactions report their checkpoints beside the projections; returns how many there are, once they reach the head. */
async function waitForReactions(baseUrl: string, adminToken: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const status = await send(baseUrl, { method: 'GET', path: '/api/v1/admin/projections', token: adminToken });
    const head = Math.max(0, ...((status.body['projections'] ?? []) as { headPosition: number }[]).map((p) => p.headPosition));
    const reactions = (status.body['reactions'] ?? []) as { position: number; error?: string }[];
    const failed = reactions.find((r) => r.error);
    if (failed) throw new Error(`a reaction stopped: ${failed.error}`);
    if (reactions.every((r) => r.position >= head)) return reactions.length;
    await sleep(25);
  }
  throw new Error('the reactions did not catch up with the log');
}

/**
 * Exactly once: the events caused by a triggering event carry only the command ids the reaction
 * derives for it (a replay after a crash reuses them, so the store appends nothing twice); any other
 * command id caused by the same trigger is a second, duplicate effect.
 */
export function checkReactions(log: EventLog, reactions: readonly Reaction[]): { triggers: number; violations: string[] } {
  const violations: string[] = [];
  let triggers = 0;
  const causedBy = new Map<string, RecordedEvent[]>();
  for (const e of log.all) {
    const cause = e.metadata.causationId;
    if (cause && cause !== e.metadata.commandId) causedBy.set(cause, [...(causedBy.get(cause) ?? []), e]);
  }
  for (const reaction of reactions) {
    for (const trigger of log.all) {
      const handler = reaction.handlers[trigger.type];
      if (!handler) continue;
      const issued = handler(trigger);
      const commands = issued == null ? [] : Array.isArray(issued) ? issued : [issued];
      if (commands.length === 0) continue;
      triggers++;
      const expected = new Set(commands.map((_, i) => reactionCommandId(reaction.name, trigger.eventId, i)));
      const ids = new Set((causedBy.get(trigger.eventId) ?? []).map((e) => e.metadata.commandId));
      for (const id of ids) {
        if (!expected.has(id)) violations.push(`reaction ${reaction.name} took effect again for ${trigger.type} ${trigger.eventId} (command ${id})`);
      }
    }
  }
  return { triggers, violations };
}
