import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@kuaige/eventsourcing';
import { sampleMetadata } from './event-store.fixtures';
import { CanonicalEncodingError, canonicalJson, chainHash, chainInput, GENESIS_HASH, verifyChain, type ChainLink, type ChainMode } from './hash-chain';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, 工单: 4, '10': 5, '9': 6 })).toBe('{"10":5,"9":6,"Z":3,"z":2,"é":1,"工单":4}');
  });

  it('follows JSON.stringify for values JSON cannot carry', () => {
    expect(canonicalJson({ u: undefined, f: () => 1, n: NaN, i: -Infinity, z: -0, d: new Date('2026-01-02T03:04:05.000Z'), a: [undefined, 1] })).toBe(
      '{"a":[null,1],"d":"2026-01-02T03:04:05.000Z","i":null,"n":null,"z":0}',
    );
  });

  it('re-encodes its own output, parsed, to the same text', () => {
    const text = canonicalJson({ title: '压缩机 "异响"\n', amount: 1e21, small: 5e-7, nested: { list: [true, false, null] } });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('refuses BigInt and cycles, naming the path', () => {
    expect(() => canonicalJson({ a: { b: 1n } }, 'data')).toThrow(new CanonicalEncodingError('data.a.b', 'BigInt has no JSON form; store it as a string'));
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow(CanonicalEncodingError);
  });
});

describe('chain hash', () => {
  const link: ChainLink = {
    eventId: 'cmd-1:0',
    streamId: 'WorkOrder-1',
    revision: 0,
    position: 1,
    type: 'WorkOrderRequested',
    dataJson: canonicalJson({ title: 'pump' }),
    metadataJson: canonicalJson(sampleMetadata('cmd-1')),
    recordedAt: '2026-03-01T08:30:00.000Z',
    previousHash: GENESIS_HASH,
  };

  it('hashes the canonical JSON of the whole link', () => {
    const asObject = {
      eventId: link.eventId,
      streamId: link.streamId,
      revision: link.revision,
      position: link.position,
      type: link.type,
      data: JSON.parse(link.dataJson) as unknown,
      metadata: JSON.parse(link.metadataJson) as unknown,
      recordedAt: link.recordedAt,
      previousHash: link.previousHash,
    };
    expect(chainInput(link)).toBe(canonicalJson(asObject));
    expect(chainHash(link)).toBe(createHash('sha256').update(canonicalJson(asObject)).digest('hex'));
    const { position: _position, ...perStream } = asObject;
    expect(chainInput({ ...link, position: undefined })).toBe(canonicalJson(perStream));
  });

  it('changes with every covered field', () => {
    const base = chainHash(link);
    const variants: Partial<ChainLink>[] = [
      { eventId: 'cmd-1:1' },
      { streamId: 'WorkOrder-2' },
      { revision: 1 },
      { position: 2 },
      { type: 'WorkOrderClosed' },
      { dataJson: canonicalJson({ title: 'pumq' }) },
      { metadataJson: canonicalJson(sampleMetadata('cmd-2')) },
      { recordedAt: '2026-03-01T08:30:00.001Z' },
      { previousHash: '1'.repeat(64) },
    ];
    for (const variant of variants) expect(chainHash({ ...link, ...variant })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  // A well-formed chain built the way adapters build it.
  const build = (mode: ChainMode, specs: readonly { streamId: string; data: Record<string, unknown> }[]): RecordedEvent[] => {
    const lastByStream = new Map<string, RecordedEvent>();
    let last: RecordedEvent | undefined;
    return specs.map((spec, i) => {
      const previous = mode === 'global' ? last : lastByStream.get(spec.streamId);
      const revision = (lastByStream.get(spec.streamId)?.revision ?? -1) + 1;
      const base = {
        eventId: `e${i}`,
        streamId: spec.streamId,
        revision,
        position: (i + 1) * 10,
        type: 'Noted',
        data: spec.data,
        metadata: sampleMetadata(`c${i}`),
        recordedAt: '2026-03-01T08:30:00.000Z',
      };
      const hash = chainHash({
        ...base,
        position: mode === 'global' ? base.position : undefined,
        dataJson: canonicalJson(base.data),
        metadataJson: canonicalJson(base.metadata),
        previousHash: previous?.hash ?? GENESIS_HASH,
      });
      const event = { ...base, hash };
      lastByStream.set(spec.streamId, event);
      last = event;
      return event;
    });
  };
  const specs = [
    { streamId: 'A-1', data: { n: 1 } },
    { streamId: 'B-1', data: { n: 2 } },
    { streamId: 'A-1', data: { n: 3 } },
    { streamId: 'B-1', data: { n: 4 } },
  ];

  it('accepts an intact chain from sync and async iterables', async () => {
    const events = build('global', specs);
    expect(await verifyChain(events, { mode: 'global' })).toEqual({ checked: 4 });
    async function* stream(): AsyncGenerator<RecordedEvent> {
      yield* events;
    }
    expect(await verifyChain(stream(), { mode: 'global' })).toEqual({ checked: 4 });
  });

  it('names the changed event, not its successors', async () => {
    const events = build('global', specs);
    const tampered = events.map((e, i) => (i === 2 ? { ...e, data: { n: 30 } } : e));
    const result = await verifyChain(tampered, { mode: 'global' });
    expect(result).toMatchObject({ checked: 2, firstBroken: { position: 30, eventId: 'e2', streamId: 'A-1', actual: events[2]!.hash } });
  });

  it('names the successor of a deleted event', async () => {
    const events = build('global', specs);
    const result = await verifyChain([events[0]!, events[2]!, events[3]!], { mode: 'global' });
    expect(result.firstBroken?.eventId).toBe('e2');
  });

  it('verifies a range that starts mid-chain from the hash before it', async () => {
    const events = build('global', specs);
    expect(await verifyChain(events.slice(2), { mode: 'global', previousHash: events[1]!.hash })).toEqual({ checked: 2 });
    expect((await verifyChain(events.slice(2), { mode: 'global' })).firstBroken?.eventId).toBe('e2');
  });

  it('chains each stream on its own in per-stream mode', async () => {
    const events = build('per-stream', specs);
    expect(await verifyChain(events, { mode: 'per-stream' })).toEqual({ checked: 4 });
    const bOnly = events.filter((e) => e.streamId === 'B-1');
    expect(await verifyChain(bOnly, { mode: 'per-stream' })).toEqual({ checked: 2 });
    expect(await verifyChain(bOnly.slice(1), { mode: 'per-stream', previousHashes: new Map([['B-1', bOnly[0]!.hash]]) })).toEqual({ checked: 1 });
    const tampered = events.map((e) => (e.eventId === 'e3' ? { ...e, revision: 5 } : e));
    expect((await verifyChain(tampered, { mode: 'per-stream' })).firstBroken?.eventId).toBe('e3');
  });
});
