import type { EventStore, RecordedEvent } from '@kuaige/eventsourcing';
import { GENESIS_HASH, type ChainMode } from '../../event-store/hash-chain';
import { chainProfileOf, ChainCursor, recomputedHash, type BrokenLink } from './chain-cursor';
import { authenticateDigest, digestHash, type DigestBody, type DigestFile } from './digest';
import type { PublicSigningKey } from './signing-key';

// ---- Verifying the log, or a range of it, against signed digests ------------------------------------
//
// One pass in $all order. Each event must follow the one before (dense positions on the embedded store,
// stream revisions everywhere) and carry the hash recomputed from its content and its predecessor's
// hash. Where the walk reaches a digest's position, the chain head (and, from the start of the log,
// the event count and the Merkle root over every stream head) must be what the digest signed; a log
// that ends before a digest's position was truncated. The first thing that does not fit is reported.

export interface VerifyLogOptions {
  /** Digest files to check the log against (authenticated first; order does not matter). */
  readonly digests?: readonly DigestFile[];
  /** The keys trusted to have signed them. */
  readonly trustedKeys?: readonly PublicSigningKey[];
  /** The digests are given in signing order and form one sequence (each names the previous one's hash): check that none is missing. */
  readonly sequence?: boolean;
  /** First and last position to verify (inclusive); default the whole log. */
  readonly from?: number;
  readonly to?: number;
  /** Called every `progressEvery` events (default 5,000) and at the end. */
  readonly onProgress?: (progress: VerificationProgress) => void | Promise<void>;
  readonly progressEvery?: number;
  /** Events examined after a broken link to tell a reordering from a change (default 100,000). */
  readonly lookahead?: number;
}

export interface VerificationProgress {
  readonly checked: number;
  readonly position: number;
  /** 0 … 1 of the range's positions. */
  readonly fraction: number;
}

export interface DigestReference {
  readonly digestId: string;
  readonly position: number;
  readonly keyId: string;
  readonly createdAt: string;
}

export interface VerificationResult {
  readonly ok: boolean;
  readonly store: string;
  readonly chain: ChainMode;
  readonly from: number;
  readonly to: number | null;
  /** Events whose link was intact, before the first break. */
  readonly checked: number;
  /** Position of the last intact event. */
  readonly lastPosition: number;
  readonly digestsVerified: readonly DigestReference[];
  /** Digests beyond the range's end (`to`), not checked. */
  readonly digestsNotReached: readonly DigestReference[];
  readonly firstBroken: BrokenLink | null;
  /** What the result does not prove (no digest: truncation of the tail goes unnoticed). */
  readonly notes: readonly string[];
}

const reference = (d: DigestBody): DigestReference => ({ digestId: d.digestId, position: d.position, keyId: d.keyId, createdAt: d.createdAt });

/** A row the store could not even read (the embedded store names its position). */
const unreadable = (e: Error, fallback: number): BrokenLink => {
  const position = Number(/position (\d+)/.exec(e.message)?.[1] ?? fallback);
  return { kind: 'unreadable', position, detail: `the event at position ${position} cannot be read: ${e.message}` };
};

/** Checks that each digest names the one before it (by seq order), so none was removed or replaced. */
export function digestSequenceBreak(files: readonly DigestFile[]): BrokenLink | undefined {
  for (let i = 1; i < files.length; i += 1) {
    const previous = files[i - 1]!.digest;
    const d = files[i]!.digest;
    const expected = digestHash(previous);
    if (d.previousDigestHash !== expected) {
      return {
        kind: 'digest-mismatch',
        position: d.position,
        digestId: d.digestId,
        expected,
        actual: String(d.previousDigestHash),
        detail: `digest ${d.digestId} does not name digest ${previous.digestId} as its predecessor: a digest between them was removed or replaced`,
      };
    }
  }
  return undefined;
}

/** Verifies the log (or the range) against the digests; never changes the store. */
export async function verifyLog(store: EventStore, options: VerifyLogOptions = {}): Promise<VerificationResult> {
  const profile = chainProfileOf(store.kind);
  const from = Math.max(1, options.from ?? 1);
  const to = options.to ?? null;
  const files = options.digests ?? [];
  const notes: string[] = [];
  const inRange = (d: DigestBody) => (to === null || d.position <= to) && d.position >= from - 1;
  const sorted = [...files].sort((a, b) => a.digest.position - b.digest.position);
  const pending = sorted.filter((f) => inRange(f.digest)).map((f) => f.digest);
  const notReached = sorted.filter((f) => to !== null && f.digest.position > to).map((f) => reference(f.digest));
  const verified: DigestReference[] = [];
  const lastDigest = pending.at(-1);
  const fromStart = from === 1;
  let cursor = new ChainCursor(profile, from - 1);

  const result = (firstBroken: BrokenLink | null): VerificationResult => ({
    ok: firstBroken === null,
    store: store.kind,
    chain: profile.mode,
    from,
    to,
    checked: cursor.eventCount,
    lastPosition: cursor.position,
    digestsVerified: verified,
    digestsNotReached: notReached,
    firstBroken,
    notes,
  });

  for (const file of files) {
    const refused = authenticateDigest(file, options.trustedKeys ?? []);
    if (refused) return result(refused);
    if (file.digest.store !== store.kind) {
      return result({ kind: 'digest-mismatch', position: file.digest.position, digestId: file.digest.digestId, expected: file.digest.store, actual: store.kind, detail: `digest ${file.digest.digestId} is of a ${file.digest.store} log, this one is ${store.kind}` });
    }
  }
  if (options.sequence) {
    const broken = digestSequenceBreak(files);
    if (broken) return result(broken);
  }
  if (files.length === 0) notes.push('no digest given: a truncated tail or a log rewritten with recomputed hashes would go unnoticed');

  // A range that starts mid-log links to the stored hash before it (embedded: the position before).
  if (!fromStart && profile.mode === 'global') {
    let previous: RecordedEvent | undefined;
    for await (const e of store.readAll({ after: from - 2, maxCount: 1 })) previous = e;
    cursor = new ChainCursor(profile, previous?.position ?? from - 1, previous?.hash ?? GENESIS_HASH);
  }
  if (!fromStart) notes.push(`range from position ${from}: links before it, the event count and the stream heads' root are not checked`);

  const head = await store.headPosition();
  const end = to ?? head;
  const span = Math.max(1, end - (from - 1));
  const every = options.progressEvery ?? 5_000;
  const progress = async () => options.onProgress?.({ checked: cursor.eventCount, position: cursor.position, fraction: Math.min(1, Math.max(0, (cursor.position - (from - 1)) / span)) });

  const checkDigest = (d: DigestBody): BrokenLink | undefined => {
    const differs = (field: string, expected: string | number | null, actual: string | number | null, why: string): BrokenLink => ({
      kind: 'digest-mismatch',
      position: d.position,
      digestId: d.digestId,
      expected: String(expected),
      actual: String(actual),
      detail: `at position ${d.position} the log's ${field} is ${String(actual)}, digest ${d.digestId} signed ${String(expected)}: ${why}`,
    });
    const rewritten = 'the log up to this position was rewritten (its hashes recomputed) after the digest was signed';
    if (d.headHash !== cursor.headHash) return differs('head hash', d.headHash, cursor.headHash, rewritten);
    if (d.headEventId !== cursor.headEventId) return differs('head event', d.headEventId, cursor.headEventId, rewritten);
    if (fromStart) {
      if (d.streamCount !== cursor.heads.size) return differs('stream count', d.streamCount, cursor.heads.size, 'a stream was deleted or added before this position');
      if (d.eventCount !== cursor.eventCount) return differs('event count', d.eventCount, cursor.eventCount, 'events were removed, added or moved across this position');
      // The root costs a sort and a tree over every stream head: computed at the last digest only, where
      // it covers everything the earlier ones did (their heads, counts and head hashes are checked each).
      if (d === lastDigest) {
        const root = cursor.streamsRoot();
        if (d.streamsRoot !== root) return differs('stream heads root', d.streamsRoot, root, 'a stream was deleted, truncated, reordered or rewritten before this position');
      }
    }
    verified.push(reference(d));
    return undefined;
  };

  const seeded = new Set<string>();
  let sinceProgress = 0;
  // An empty-log digest, or one at the position just before the range, is met before any event.
  while (pending.length > 0 && pending[0]!.position <= cursor.position) {
    const d = pending.shift()!;
    if (d.position === cursor.position && fromStart) {
      const broken = checkDigest(d);
      if (broken) return result(broken);
    }
  }
  try {
    for await (const event of store.readAll({ after: cursor.position })) {
      if (to !== null && event.position > to) break;
      // A digest whose position no event holds (EventStoreDB's positions have holes; on the embedded
      // store a hole is already a gap): its head event has gone.
      while (pending.length > 0 && pending[0]!.position < event.position) {
        const d = pending.shift()!;
        return result({ kind: 'digest-mismatch', position: d.position, digestId: d.digestId, expected: String(d.headEventId), actual: 'no event', detail: `no event at position ${d.position}, where digest ${d.digestId} signed event ${String(d.headEventId)}: it was deleted or moved` });
      }
      // A stream met first inside a range continues from its event before the range (revision and, per stream, hash).
      if (!fromStart && event.revision > 0 && !cursor.heads.has(event.streamId) && !seeded.has(event.streamId)) {
        seeded.add(event.streamId);
        const [before] = await store.readStream(event.streamId, { fromRevision: event.revision - 1, maxCount: 1 });
        if (before && before.position < event.position) cursor.seedHead(event.streamId, { revision: before.revision, hash: before.hash });
      }
      const broken = cursor.advance(event);
      if (broken) return result(await refine(store, cursor, event, broken, options.lookahead ?? 100_000));
      while (pending.length > 0 && pending[0]!.position === cursor.position) {
        const mismatch = checkDigest(pending.shift()!);
        if (mismatch) return result(mismatch);
      }
      if ((sinceProgress += 1) >= every) {
        sinceProgress = 0;
        await progress();
      }
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'CorruptEventRowError') return result(unreadable(e, cursor.position + 1));
    throw e;
  }
  const beyond = pending[0];
  if (beyond) {
    return result({
      kind: 'truncated',
      position: cursor.position,
      digestId: beyond.digestId,
      expected: `${beyond.eventCount} events up to position ${beyond.position}`,
      actual: `${cursor.eventCount} events up to position ${cursor.position}`,
      detail: `the log ends at position ${cursor.position}, but digest ${beyond.digestId} covers it up to position ${beyond.position} (event ${String(beyond.headEventId)}): the tail was cut off`,
    });
  }
  await progress();
  return result(null);
}

/**
 * Tells a reordering from a change: when an event further on is the one that belongs at the broken
 * link (it links to the predecessor there), the two were swapped or moved.
 */
async function refine(store: EventStore, cursor: ChainCursor, event: RecordedEvent, broken: BrokenLink, lookahead: number): Promise<BrokenLink> {
  if (broken.of !== 'hash' && !(broken.of === 'revision' && broken.kind === 'gap')) return broken;
  const global = cursor.profile.mode === 'global';
  const previousHash = cursor.previousHashFor(event.streamId);
  const revision = cursor.expectedRevision(event.streamId);
  try {
    for await (const candidate of store.readAll({ after: event.position, maxCount: lookahead })) {
      const belongsHere = global
        ? recomputedHash(candidate, 'global', previousHash, event.position) === candidate.hash
        : candidate.streamId === event.streamId && candidate.revision === revision && recomputedHash(candidate, 'per-stream', previousHash) === candidate.hash;
      if (belongsHere) {
        return {
          ...broken,
          kind: 'order',
          expected: candidate.eventId,
          actual: event.eventId,
          detail: `events out of order at position ${event.position}: event ${candidate.eventId} (${candidate.streamId}@${candidate.revision}) belongs here but sits at position ${candidate.position}; event ${event.eventId} (${event.streamId}@${event.revision}) took its place`,
        };
      }
    }
  } catch {
    // An unreadable row further on leaves the break as first found.
  }
  return broken;
}
