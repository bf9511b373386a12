import type { RecordedEvent } from '@kuaige/eventsourcing';
import { canonicalJson, chainHash, GENESIS_HASH, type ChainMode } from '../../event-store/hash-chain';
import { leafHash, merkleRootOfLeafHashes } from './merkle';

// ---- Walking the log link by link: what a digest covers and where the chain first breaks ----------

/** How an adapter lays out its log: which chain it keeps and whether positions leave no holes. */
export interface ChainProfile {
  readonly mode: ChainMode;
  /** Positions are 1, 2, 3 … with no holes (embedded): a missing position is a deleted event. */
  readonly densePositions: boolean;
}

/** The embedded store chains the whole log over dense positions; EventStoreDB chains each stream. */
export const chainProfileOf = (storeKind: string): ChainProfile =>
  storeKind === 'eventstoredb' ? { mode: 'per-stream', densePositions: false } : { mode: 'global', densePositions: true };

/** What differs at the first broken link (see README.md for each). */
export type BreakKind =
  | 'hash-mismatch'
  | 'gap'
  | 'order'
  | 'unreadable'
  | 'truncated'
  | 'digest-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'key-not-valid'
  | 'malformed-digest';

export interface BrokenLink {
  readonly kind: BreakKind;
  /** Position in the log where the break shows (for a digest's own faults: the position it claims). */
  readonly position: number | null;
  readonly streamId?: string;
  readonly eventId?: string;
  readonly revision?: number;
  /** What was compared at an event: its position, its stream revision or its hash link. */
  readonly of?: 'position' | 'revision' | 'hash';
  /** What the log or digest should say here, and what it says. */
  readonly expected?: string;
  readonly actual?: string;
  readonly digestId?: string;
  /** One sentence a reviewer can act on. */
  readonly detail: string;
}

export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/** The (stream, revision, hash) leaf of a stream head, as canonical JSON: `["WorkOrder-1",3,"ab…"]`. */
export const headLeaf = (streamId: string, head: StreamHead): string => canonicalJson([streamId, head.revision, head.hash]);

/** Merkle root over every stream head, leaves sorted by stream id (UTF-16 code units, like canonical JSON keys). */
export function streamsRootOf(heads: ReadonlyMap<string, StreamHead>): string {
  const ids = [...heads.keys()].sort();
  return merkleRootOfLeafHashes(ids.map((id) => leafHash(headLeaf(id, heads.get(id)!))));
}

/** The hash an event should carry, linked to `previousHash`, at `position` when the chain covers it. */
export const recomputedHash = (event: RecordedEvent, mode: ChainMode, previousHash: string, position = event.position): string =>
  chainHash({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    position: mode === 'global' ? position : undefined,
    type: event.type,
    dataJson: canonicalJson(event.data, 'data'),
    metadataJson: canonicalJson(event.metadata, 'metadata'),
    recordedAt: event.recordedAt,
    previousHash,
  });

/**
 * The state of the chain after the events walked so far: position, count, head hash, every stream's
 * head. `advance` checks that the next event follows (position, stream revision, hash link) and
 * answers the break without moving when it does not.
 */
export class ChainCursor {
  position: number;
  eventCount = 0;
  headHash = GENESIS_HASH;
  headEventId: string | null = null;
  readonly heads = new Map<string, StreamHead>();

  /** `after`: the position just before the first event to walk (0 = the beginning of the log). */
  constructor(
    readonly profile: ChainProfile,
    after = 0,
    previousHash = GENESIS_HASH,
  ) {
    this.position = after;
    this.headHash = previousHash;
  }

  /** The hash the next event of `streamId` must link to. */
  previousHashFor(streamId: string): string {
    return this.profile.mode === 'global' ? this.headHash : (this.heads.get(streamId)?.hash ?? GENESIS_HASH);
  }

  expectedRevision(streamId: string): number {
    return (this.heads.get(streamId)?.revision ?? -1) + 1;
  }

  advance(event: RecordedEvent): BrokenLink | undefined {
    const where = { position: event.position, streamId: event.streamId, eventId: event.eventId, revision: event.revision };
    if (this.profile.densePositions && event.position !== this.position + 1) {
      const missing = event.position > this.position + 1;
      return {
        kind: missing ? 'gap' : 'order',
        ...where,
        of: 'position',
        expected: String(this.position + 1),
        actual: String(event.position),
        detail: missing
          ? `position ${this.position + 1}${event.position - 1 > this.position + 1 ? `–${event.position - 1}` : ''} missing before event ${event.eventId}: ${event.position - this.position - 1} event(s) deleted`
          : `event ${event.eventId} at position ${event.position} does not follow position ${this.position}`,
      };
    }
    if (!this.profile.densePositions && event.position <= this.position) {
      return { kind: 'order', ...where, of: 'position', expected: `> ${this.position}`, actual: String(event.position), detail: `event ${event.eventId} at position ${event.position} comes after position ${this.position}` };
    }
    const expectedRevision = this.expectedRevision(event.streamId);
    if (event.revision !== expectedRevision) {
      const missing = event.revision > expectedRevision;
      return {
        kind: missing ? 'gap' : 'order',
        ...where,
        of: 'revision',
        expected: String(expectedRevision),
        actual: String(event.revision),
        detail: missing
          ? `stream ${event.streamId} jumps from revision ${expectedRevision - 1} to ${event.revision} at position ${event.position}: revision ${expectedRevision} is missing`
          : `stream ${event.streamId} repeats or goes back to revision ${event.revision} at position ${event.position} (expected ${expectedRevision})`,
      };
    }
    const expected = recomputedHash(event, this.profile.mode, this.previousHashFor(event.streamId));
    if (expected !== event.hash) {
      return {
        kind: 'hash-mismatch',
        ...where,
        of: 'hash',
        expected,
        actual: event.hash,
        detail: `event ${event.eventId} (${event.type}) in ${event.streamId} at position ${event.position}: its content (data, metadata, type, ids or time) or its predecessor's hash differs from what was hashed`,
      };
    }
    this.take(event);
    return undefined;
  }

  /** Seeds a stream's head from outside the walked range (range verification in per-stream mode). */
  seedHead(streamId: string, head: StreamHead): void {
    this.heads.set(streamId, head);
  }

  private take(event: RecordedEvent): void {
    this.position = event.position;
    this.eventCount += 1;
    this.headHash = event.hash;
    this.headEventId = event.eventId;
    this.heads.set(event.streamId, { revision: event.revision, hash: event.hash });
  }

  streamsRoot(): string {
    return streamsRootOf(this.heads);
  }
}
