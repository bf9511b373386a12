import { randomUUID } from 'node:crypto';
import type { EventStore } from '@kuaige/eventsourcing';
import { canonicalJson } from '../../event-store/hash-chain';
import type { AuditKeyring } from './audit-keyring';
import { chainProfileOf, ChainCursor, type BrokenLink } from './chain-cursor';
import { DIGEST_FORMAT, digestHash, signedBytes, type DigestBody, type DigestFile } from './digest';
import type { DigestTrigger, IntegrityStore, StoredDigest } from './integrity-store';

// ---- Signing digests of the chain head ---------------------------------------------------------------
// The signer walks the log with the same checks as a verification (from where it stopped last time, in
// this process) and refuses to sign a chain that is already broken: a digest must never bless tampering.

/** Streams whose heads the signer keeps in memory between digests (~200 bytes each). */
const KEEP_CURSOR_UP_TO_STREAMS = 200_000;

/** The log is broken below the head: no digest is signed over it. */
export class ChainBrokenError extends Error {
  constructor(readonly broken: BrokenLink) {
    super(`the event log is broken, no digest signed: ${broken.detail}`);
    this.name = 'ChainBrokenError';
  }
}

/** The same idempotency key came with a different request. */
export class DigestRequestReused extends Error {
  constructor() {
    super('this Idempotency-Key was used for a different request');
    this.name = 'DigestRequestReused';
  }
}

export interface SignRequest {
  readonly trigger: DigestTrigger;
  /** Idempotency: the same key answers the digest it made. */
  readonly requestKey?: string;
  readonly requestDigest?: string | null;
  /** The schedule signs nothing when the head has not moved since the last digest. */
  readonly skipIfUnchanged?: boolean;
}

export interface SignOutcome {
  readonly digest: StoredDigest;
  readonly created: boolean;
}

export class DigestSigner {
  private cursor: ChainCursor | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly events: EventStore,
    private readonly store: IntegrityStore,
    private readonly keys: AuditKeyring,
    private readonly now: () => Date,
  ) {}

  /** Signs a digest of the head now (one at a time in this process). */
  sign(request: SignRequest): Promise<SignOutcome> {
    const next = this.queue.then(() => this.signNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async advanceToHead(): Promise<ChainCursor> {
    const cursor = this.cursor ?? new ChainCursor(chainProfileOf(this.events.kind));
    for await (const event of this.events.readAll({ after: cursor.position })) {
      const broken = cursor.advance(event);
      if (broken) {
        this.cursor = null;
        throw new ChainBrokenError(broken);
      }
    }
    // Kept for the next digest, which then walks only what was appended since — unless the heads of
    // that many streams would hold a lot of memory between digests; then the next one walks it all.
    this.cursor = cursor.heads.size <= KEEP_CURSOR_UP_TO_STREAMS ? cursor : null;
    return cursor;
  }

  private async signNow(request: SignRequest): Promise<SignOutcome> {
    if (request.requestKey !== undefined) {
      const earlier = this.store.digestByRequest(request.requestKey);
      if (earlier) {
        if (earlier.requestDigest !== (request.requestDigest ?? null)) throw new DigestRequestReused();
        return { digest: earlier, created: false };
      }
    }
    const cursor = await this.advanceToHead();
    const digestId = randomUUID();
    return this.store.transaction(() => {
      const last = this.store.lastDigest();
      if (request.skipIfUnchanged && last && last.file.digest.position === cursor.position) return { digest: last, created: false };
      const key = this.keys.current();
      const body: DigestBody = {
        format: DIGEST_FORMAT,
        digestId,
        store: this.events.kind,
        chain: cursor.profile.mode,
        position: cursor.position,
        eventCount: cursor.eventCount,
        headEventId: cursor.headEventId,
        headHash: cursor.headHash,
        streamCount: cursor.heads.size,
        streamsRoot: cursor.streamsRoot(),
        createdAt: this.now().toISOString(),
        keyId: key.kid,
        previousDigestHash: last ? digestHash(last.file.digest) : null,
      };
      const published = this.keys.publicKeys().find((k) => k.kid === key.kid)!;
      const file: DigestFile = { digest: body, signature: { alg: 'EdDSA', kid: key.kid, value: key.sign(signedBytes(body)) }, key: published };
      this.store.addDigest(file, request.trigger, canonicalJson(body), request.requestKey !== undefined ? { key: request.requestKey, digest: request.requestDigest ?? null } : undefined);
      return { digest: this.store.digestById(digestId)!, created: true };
    });
  }
}
