import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { AuditKeyring } from './audit-keyring';
import type { BrokenLink, BreakKind } from './chain-cursor';
import { isBroken, parseDigestFile, type DigestFile } from './digest';
import { DigestSigner } from './digest-signer';
import { INTEGRITY_STORE_FILE, IntegrityStore } from './integrity-store';
import { verifyLog, type VerificationResult } from './log-verifier';
import { KEY_SET_FORMAT, parseKeySet, type PublicSigningKey } from './signing-key';

// ---- `kuaige events verify` and `kuaige audit …`: the command-line side of tamper evidence -----------
//
// Exit codes of `events verify`:
//   0  the log (or range) is intact and matches every digest given
//   1  the log is broken: hash mismatch, gap, order, unreadable row, truncated below a digest, or a
//      head that differs from a digest (rewritten with recomputed hashes)
//   3  a digest is not authentic: bad signature, unknown key, key not valid then, malformed file
//   2  usage or configuration error (as every kuaige command)

/** Thrown for a bad command line: the caller prints the usage and exits 2. */
export class AuditUsageError extends Error {}

const AUTHENTICITY: readonly BreakKind[] = ['bad-signature', 'unknown-key', 'key-not-valid', 'malformed-digest'];
export const exitCodeOf = (result: VerificationResult): number => (result.ok ? 0 : AUTHENTICITY.includes(result.firstBroken!.kind) ? 3 : 1);

type Out = (line: string) => void;

const values = (args: readonly string[], name: string): string[] => args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));
const single = (args: readonly string[], name: string): string | undefined => values(args, name)[0];
const position = (args: readonly string[], name: string): number | undefined => {
  const text = single(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new AuditUsageError(`${name} must be a position, a whole number from 1`);
  return n;
};

/** The integrity store of DATA_DIR when it exists (verification never creates one). */
const existingStore = (dataDir: string): IntegrityStore | null => (existsSync(join(dataDir, INTEGRITY_STORE_FILE)) ? IntegrityStore.in(dataDir) : null);

const describeBreak = (b: BrokenLink, out: Out): void => {
  out(`  kind            ${b.kind}`);
  if (b.position !== null) out(`  position        ${b.position}`);
  if (b.streamId !== undefined) out(`  stream          ${b.streamId}${b.revision !== undefined ? `@${b.revision}` : ''}`);
  if (b.eventId !== undefined) out(`  event           ${b.eventId}`);
  if (b.digestId !== undefined) out(`  digest          ${b.digestId}`);
  if (b.expected !== undefined) out(`  expected        ${b.expected}`);
  if (b.actual !== undefined) out(`  found           ${b.actual}`);
  out(`  ${b.detail}`);
};

/** `events verify [--digest FILE]… [--keys FILE] [--from N] [--to M] [--json]` */
export async function verifyCommand(events: EventStore, dataDir: string, args: readonly string[], out: Out): Promise<number> {
  const from = position(args, '--from');
  const to = position(args, '--to');
  if (from !== undefined && to !== undefined && to < from) throw new AuditUsageError('--to must not be below --from');
  const store = existingStore(dataDir);
  try {
    const digests: DigestFile[] = [];
    for (const file of values(args, '--digest')) {
      const parsed = parseDigestFile(readFileSync(file, 'utf8'));
      if (isBroken(parsed)) {
        out(`NOT AUTHENTIC: ${file}`);
        describeBreak(parsed, out);
        return 3;
      }
      digests.push(parsed);
    }
    const fromStore = digests.length === 0 && store !== null;
    if (fromStore) digests.push(...store.allDigests().map((d) => d.file));
    const keysFile = single(args, '--keys');
    let keys: PublicSigningKey[];
    if (keysFile !== undefined) {
      try {
        keys = parseKeySet(readFileSync(keysFile, 'utf8'));
      } catch (e) {
        throw new AuditUsageError(`--keys ${keysFile}: ${(e as Error).message}`);
      }
    } else {
      keys = store?.keys().map(({ source: _s, ...k }) => k) ?? [];
      if (digests.length > 0) out(`note: trusting the public keys recorded in ${dataDir}; for an independent check pass --keys with your own copy of /.well-known/kuaige-audit-keys.json`);
    }
    const started = Date.now();
    const result = await verifyLog(events, { digests, trustedKeys: keys, sequence: fromStore, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
    if (args.includes('--json')) {
      out(JSON.stringify(result, null, 2));
      return exitCodeOf(result);
    }
    if (result.firstBroken) {
      const b = result.firstBroken;
      if (AUTHENTICITY.includes(b.kind)) out(`NOT AUTHENTIC: digest ${b.digestId ?? ''}`.trimEnd());
      else if (b.eventId !== undefined) out(`BROKEN after ${result.checked} intact events: event ${b.eventId} in ${b.streamId} at position ${b.position}`);
      else out(`BROKEN after ${result.checked} intact events, at position ${b.position}`);
      describeBreak(b, out);
      return exitCodeOf(result);
    }
    const range = from !== undefined || to !== undefined ? `, positions ${result.from}–${to ?? result.lastPosition}` : '';
    out(`OK: ${result.checked} events, hash chain intact (${result.chain}${range}, ${Date.now() - started} ms)`);
    for (const d of result.digestsVerified) out(`  matches digest ${d.digestId} at position ${d.position} (key ${d.keyId}, ${d.createdAt})`);
    for (const d of result.digestsNotReached) out(`  not reached: digest ${d.digestId} at position ${d.position}`);
    for (const note of result.notes) out(`note: ${note}`);
    return 0;
  } finally {
    store?.close();
  }
}

/** `audit sign [--out FILE]`, `audit digests`, `audit digest ID [--out FILE]`, `audit keys [rotate | export [--out FILE]]` */
export async function auditCommand(events: EventStore, dataDir: string, args: readonly string[], out: Out, env: Record<string, string | undefined> = process.env): Promise<number> {
  const [sub, arg] = args;
  const store = IntegrityStore.in(dataDir);
  try {
    const now = () => new Date();
    const write = (file: DigestFile) => {
      const target = single(args, '--out');
      if (target !== undefined) writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
      return target;
    };
    if (sub === 'sign') {
      const keys = AuditKeyring.open(store, dataDir, env, now);
      const { digest } = await new DigestSigner(events, store, keys, now).sign({ trigger: 'cli' });
      const d = digest.file.digest;
      out(`signed digest ${d.digestId}: position ${d.position}, ${d.eventCount} events, ${d.streamCount} streams, key ${d.keyId}`);
      const target = write(digest.file);
      if (target) out(`written to ${target}`);
      return 0;
    }
    if (sub === 'digests') {
      const { items } = store.digestPage(1, 100);
      for (const d of items) out(`${d.file.digest.digestId}  ${d.file.digest.createdAt}  position ${String(d.file.digest.position).padStart(9)}  key ${d.file.digest.keyId}  ${d.trigger}`);
      if (items.length === 0) out('(no digests signed yet)');
      return 0;
    }
    if (sub === 'digest') {
      const d = arg === undefined ? null : store.digestById(arg);
      if (!d) throw new AuditUsageError(`no digest ${arg ?? ''}; list them with kuaige audit digests`);
      const target = write(d.file);
      if (target) out(`written to ${target}`);
      else out(JSON.stringify(d.file, null, 2));
      return 0;
    }
    if (sub === 'keys') {
      const keyring = AuditKeyring.open(store, dataDir, env, now);
      if (arg === 'rotate') {
        const next = keyring.rotate(now());
        out(`rotated: key ${next.kid} signs from ${next.validFrom}; earlier keys stay published`);
        return 0;
      }
      if (arg === 'export') {
        const set = JSON.stringify({ format: KEY_SET_FORMAT, keys: keyring.publicKeys() }, null, 2);
        const target = single(args, '--out');
        if (target !== undefined) writeFileSync(target, `${set}\n`);
        out(target !== undefined ? `written to ${target}` : set);
        return 0;
      }
      if (arg !== undefined) throw new AuditUsageError(`unknown audit keys command ${arg}`);
      for (const k of keyring.publicKeys()) out(`${k.kid}  ${k.validFrom} … ${k.validUntil ?? 'current'}`);
      return 0;
    }
    throw new AuditUsageError(`unknown audit command ${sub ?? ''}`);
  } finally {
    store.close();
  }
}
