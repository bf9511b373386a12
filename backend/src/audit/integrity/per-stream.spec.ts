// The per-stream chain of EventStoreDB (which cannot run here): an in-memory log laid out as the
// EventStoreDB adapter lays it out — sparse commit positions, each stream chained on its own — shows
// what the Merkle root of stream heads adds: deleted streams and events moved across a digest.
import type { AppendResult, EventStore, EventToAppend, ReadAllOptions, ReadStreamOptions, RecordedEvent, Subscription } from '@kuaige/eventsourcing';
import { sampleMetadata } from '../../event-store/event-store.fixtures';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../event-store/hash-chain';
import { DIGEST_FORMAT, signedBytes, type DigestBody, type DigestFile } from './digest';
import { ChainCursor, chainProfileOf } from './chain-cursor';
import { verifyLog } from './log-verifier';
import { SigningKey } from './signing-key';

class PerStreamLog implements EventStore {
  readonly kind = 'eventstoredb';
  events: RecordedEvent[] = [];
  private next = 1_000;

  async append(streamId: string, events: readonly EventToAppend[]): Promise<AppendResult> {
    for (const e of events) {
      const previous = this.events.filter((x) => x.streamId === streamId).at(-1);
      const base = { eventId: e.eventId, streamId, revision: (previous?.revision ?? -1) + 1, type: e.type, data: e.data, metadata: e.metadata, recordedAt: '2026-12-01T08:00:00.000Z' };
      const hash = chainHash({ ...base, dataJson: canonicalJson(e.data), metadataJson: canonicalJson(e.metadata), previousHash: previous?.hash ?? GENESIS_HASH });
      this.events.push({ ...base, position: (this.next += 37), hash });
    }
    return { nextRevision: this.events.filter((x) => x.streamId === streamId).length - 1, position: this.next };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId && e.revision >= (options.fromRevision ?? 0)).slice(0, options.maxCount);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    yield* [...this.events].sort((a, b) => a.position - b.position).filter((e) => e.position > (options.after ?? 0)).slice(0, options.maxCount);
  }

  subscribeToAll(): Subscription {
    throw new Error('not needed here');
  }

  async headPosition(): Promise<number> {
    return Math.max(0, ...this.events.map((e) => e.position));
  }

  async close(): Promise<void> {}
}

const key = SigningKey.generate();
const trusted = [key.publicKey('2026-01-01T00:00:00.000Z')];

/** The digest the signer would make of the log up to its head. */
const digestOf = async (log: PerStreamLog): Promise<DigestFile> => {
  const cursor = new ChainCursor(chainProfileOf(log.kind));
  for await (const e of log.readAll()) expect(cursor.advance(e)).toBeUndefined();
  const body: DigestBody = {
    format: DIGEST_FORMAT,
    digestId: 'digest-1',
    store: log.kind,
    chain: cursor.profile.mode,
    position: cursor.position,
    eventCount: cursor.eventCount,
    headEventId: cursor.headEventId,
    headHash: cursor.headHash,
    streamCount: cursor.heads.size,
    streamsRoot: cursor.streamsRoot(),
    createdAt: '2026-12-01T09:00:00.000Z',
    keyId: key.kid,
    previousDigestHash: null,
  };
  return { digest: body, signature: { alg: 'EdDSA', kid: key.kid, value: key.sign(signedBytes(body)) }, key: trusted[0]! };
};

const world = async (): Promise<{ log: PerStreamLog; digest: DigestFile }> => {
  const log = new PerStreamLog();
  for (let i = 0; i < 12; i += 1) await log.append(['A-1', 'B-1', 'C-1'][i % 3]!, [{ eventId: `e${i}`, type: 'Noted', data: { n: i }, metadata: sampleMetadata(`c${i}`) }]);
  const digest = await digestOf(log);
  await log.append('A-1', [{ eventId: 'after', type: 'Noted', data: { n: 99 }, metadata: sampleMetadata('after') }]);
  return { log, digest };
};

describe('per-stream chains (EventStoreDB layout) against a digest', () => {
  it('verifies an intact log', async () => {
    const { log, digest } = await world();
    expect(await verifyLog(log, { digests: [digest], trustedKeys: trusted })).toMatchObject({ ok: true, chain: 'per-stream', checked: 13, digestsVerified: [{ digestId: 'digest-1' }] });
  });

  it('catches a deleted stream, which no per-stream chain can', async () => {
    const { log, digest } = await world();
    log.events = log.events.filter((e) => e.streamId !== 'B-1');
    const result = await verifyLog(log, { digests: [digest], trustedKeys: trusted });
    expect(result.firstBroken).toMatchObject({ kind: 'digest-mismatch', expected: '3', actual: '2' });
    expect(result.firstBroken?.detail).toContain('stream count');
  });

  it('catches an event moved past the digest, naming it out of order', async () => {
    const { log, digest } = await world();
    const moved = log.events.find((e) => e.eventId === 'e3')!;
    log.events = [...log.events.filter((e) => e !== moved), { ...moved, position: 999_999 }];
    const result = await verifyLog(log, { digests: [digest], trustedKeys: trusted });
    expect(result.firstBroken).toMatchObject({ kind: 'order', streamId: 'A-1', eventId: 'e6', expected: 'e3' });
  });

  it('catches a stream whose tail before the digest was cut off', async () => {
    const { log, digest } = await world();
    log.events = log.events.filter((e) => e.eventId !== 'e10');
    const result = await verifyLog(log, { digests: [digest], trustedKeys: trusted });
    expect(result.firstBroken).toMatchObject({ kind: 'digest-mismatch' });
    expect(result.firstBroken?.detail).toContain('event count');
  });

  it('names a changed event in its stream', async () => {
    const { log, digest } = await world();
    log.events = log.events.map((e) => (e.eventId === 'e4' ? { ...e, data: { n: 40 } } : e));
    expect((await verifyLog(log, { digests: [digest], trustedKeys: trusted })).firstBroken).toMatchObject({ kind: 'hash-mismatch', eventId: 'e4', streamId: 'B-1', revision: 1 });
  });
});
