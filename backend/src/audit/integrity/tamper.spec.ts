// Must show (#12): tamper with a copy of a real embedded store — the SQLite file, changed with
// node:sqlite as an intruder with write access would — and the verification names what was done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { EmbeddedSqliteEventStore } from '../../event-store/embedded-sqlite.event-store';
import { testEvent } from '../../event-store/event-store.fixtures';
import { canonicalJson, chainHash, GENESIS_HASH } from '../../event-store/hash-chain';
import { AuditKeyring } from './audit-keyring';
import { signedBytes, type DigestFile } from './digest';
import { ChainBrokenError, DigestSigner } from './digest-signer';
import { IntegrityStore } from './integrity-store';
import { verifyLog } from './log-verifier';
import { SigningKey, type PublicSigningKey } from './signing-key';

const EVENTS = 30;
const STREAMS = ['WorkOrder-a', 'WorkOrder-b', 'Device-c'];
let dir: string;
let source: string;
let digest: DigestFile;
let trusted: PublicSigningKey[];
let copies = 0;
let eventIdAt: (position: number) => string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuaige-tamper-'));
  source = join(dir, 'events.sqlite');
  const store = new EmbeddedSqliteEventStore(source);
  const revisions = new Map<string, number>();
  for (let i = 0; i < EVENTS; i += 1) {
    const stream = STREAMS[i % STREAMS.length]!;
    const revision = revisions.get(stream);
    await store.append(stream, [testEvent('WorkOrderNoted', { n: i + 1, title: `pump ${i + 1}` })], revision ?? 'no_stream');
    revisions.set(stream, (revision ?? -1) + 1);
  }
  const integrity = IntegrityStore.in(dir);
  const keys = AuditKeyring.open(integrity, dir, {}, () => new Date());
  digest = (await new DigestSigner(store, integrity, keys, () => new Date()).sign({ trigger: 'cli' })).digest.file;
  trusted = keys.publicKeys();
  const ids = new Map<number, string>();
  for await (const e of store.readAll()) ids.set(e.position, e.eventId);
  eventIdAt = (p) => ids.get(p)!;
  integrity.close();
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A consistent copy of the store, changed by `tamper` through node:sqlite, then opened as the product opens it. */
const tamperedCopy = (tamper: (db: DatabaseSync) => void = () => undefined): EmbeddedSqliteEventStore => {
  const copy = join(dir, `copy-${(copies += 1)}.sqlite`);
  const original = new DatabaseSync(source);
  original.exec(`VACUUM INTO '${copy}'`);
  original.close();
  const db = new DatabaseSync(copy);
  tamper(db);
  db.close();
  return new EmbeddedSqliteEventStore(copy);
};

const verify = async (store: EmbeddedSqliteEventStore, digests: DigestFile[] = [digest], keys = trusted, range: { from?: number; to?: number } = {}) => {
  try {
    return await verifyLog(store, { digests, trustedKeys: keys, ...range });
  } finally {
    await store.close();
  }
};

type Row = { position: number; stream_id: string; revision: number; category: string; type: string; event_id: string; recorded_at: string; hash: string; metadata: string; data: string };
const rowAt = (db: DatabaseSync, position: number): Row => db.prepare('SELECT * FROM events WHERE position = ?').get(position) as unknown as Row;

/** What an intruder who knows the hashing rules does after a change: recompute every hash from there on. */
const rehashFrom = (db: DatabaseSync, position: number): void => {
  let previous = position > 1 ? rowAt(db, position - 1).hash : GENESIS_HASH;
  for (const row of db.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position').all(position) as unknown as Row[]) {
    const hash = chainHash({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
      type: row.type,
      dataJson: canonicalJson(JSON.parse(row.data)),
      metadataJson: canonicalJson(JSON.parse(row.metadata)),
      recordedAt: row.recorded_at,
      previousHash: previous,
    });
    db.prepare('UPDATE events SET hash = ? WHERE position = ?').run(hash, row.position);
    previous = hash;
  }
};

describe('tamper evidence on a copy of the store', () => {
  it('an untouched store verifies against its digest', async () => {
    const result = await verify(tamperedCopy());
    expect(result).toMatchObject({ ok: true, checked: EVENTS, lastPosition: EVENTS, firstBroken: null, digestsVerified: [{ digestId: digest.digest.digestId, position: EVENTS }] });
  });

  it('reports progress as it goes, ending at the whole range', async () => {
    const store = tamperedCopy();
    const seen: { checked: number; fraction: number }[] = [];
    try {
      await verifyLog(store, { digests: [digest], trustedKeys: trusted, progressEvery: 10, onProgress: ({ checked, fraction }) => void seen.push({ checked, fraction }) });
    } finally {
      await store.close();
    }
    expect(seen).toEqual([
      { checked: 10, fraction: 10 / EVENTS },
      { checked: 20, fraction: 20 / EVENTS },
      { checked: 30, fraction: 1 },
      { checked: 30, fraction: 1 },
    ]);
  });

  it('names the event whose data changed by one byte', async () => {
    const result = await verify(
      tamperedCopy((db) => {
        const data = rowAt(db, 7).data;
        const at = data.indexOf('pump') + 3;
        db.prepare('UPDATE events SET data = ? WHERE position = 7').run(`${data.slice(0, at)}q${data.slice(at + 1)}`);
      }),
    );
    expect(result).toMatchObject({ ok: false, checked: 6, firstBroken: { kind: 'hash-mismatch', position: 7, eventId: eventIdAt(7), streamId: 'WorkOrder-a', revision: 2 } });
  });

  it('names a deleted event as a gap before its successor', async () => {
    const result = await verify(tamperedCopy((db) => db.prepare('DELETE FROM events WHERE position = 12').run()));
    expect(result.firstBroken).toMatchObject({ kind: 'gap', of: 'position', position: 13, eventId: eventIdAt(13), expected: '12', actual: '13' });
    expect(result.firstBroken?.detail).toContain('position 12 missing');
  });

  it('names two swapped events as out of order', async () => {
    const result = await verify(
      tamperedCopy((db) => {
        const a = rowAt(db, 5);
        const b = rowAt(db, 9);
        const put = db.prepare('UPDATE events SET stream_id = ?, revision = ?, category = ?, type = ?, event_id = ?, recorded_at = ?, hash = ?, metadata = ?, data = ? WHERE position = ?');
        // Unique indexes on (stream, revision) and event id: park one row first, as an intruder would.
        put.run('parked', -1, a.category, a.type, 'parked', a.recorded_at, a.hash, a.metadata, a.data, 5);
        put.run(a.stream_id, a.revision, a.category, a.type, a.event_id, a.recorded_at, a.hash, a.metadata, a.data, 9);
        put.run(b.stream_id, b.revision, b.category, b.type, b.event_id, b.recorded_at, b.hash, b.metadata, b.data, 5);
      }),
    );
    expect(result.firstBroken).toMatchObject({ kind: 'order', position: 5, eventId: eventIdAt(9), expected: eventIdAt(5), actual: eventIdAt(9) });
    expect(result.firstBroken?.detail).toContain(`event ${eventIdAt(5)}`);
    expect(result.firstBroken?.detail).toContain('sits at position 9');
  });

  it('names a truncated tail below the digest', async () => {
    const result = await verify(tamperedCopy((db) => db.prepare('DELETE FROM events WHERE position > 25').run()));
    expect(result).toMatchObject({ ok: false, checked: 25, firstBroken: { kind: 'truncated', position: 25, digestId: digest.digest.digestId } });
    expect(result.firstBroken?.detail).toContain(`up to position ${EVENTS}`);
    // Without a digest the same log looks intact: that is what the digest adds.
    const bare = await verify(tamperedCopy((db) => db.prepare('DELETE FROM events WHERE position > 25').run()), []);
    expect(bare).toMatchObject({ ok: true, checked: 25 });
    expect(bare.notes.join(' ')).toContain('truncated tail');
  });

  it('catches a log rewritten with recomputed hashes at the digest', async () => {
    const rewrite = (db: DatabaseSync) => {
      const row = rowAt(db, 7);
      db.prepare('UPDATE events SET data = ? WHERE position = 7').run(row.data.replace('pump 7', 'pump 8'));
      rehashFrom(db, 7);
    };
    const result = await verify(tamperedCopy(rewrite));
    expect(result.firstBroken).toMatchObject({ kind: 'digest-mismatch', position: EVENTS, digestId: digest.digest.digestId, expected: digest.digest.headHash });
    expect(result.firstBroken?.detail).toContain('rewritten');
  });

  it('refuses a digest signed by an unknown key, and a forged digest re-signed over the rewritten log', async () => {
    const intruder = SigningKey.generate();
    const forge = (body: DigestFile['digest']): DigestFile => ({
      digest: body,
      signature: { alg: 'EdDSA', kid: intruder.kid, value: intruder.sign(signedBytes(body)) },
      key: intruder.publicKey(body.createdAt),
    });
    // The intruder rewrote event 7, recomputed the hashes and signs a matching digest with a key of his own.
    const rewritten = tamperedCopy((db) => {
      db.prepare('UPDATE events SET data = ? WHERE position = 7').run(rowAt(db, 7).data.replace('pump 7', 'pump 8'));
      rehashFrom(db, 7);
    });
    let forgedHead = '';
    for await (const e of rewritten.readAll({ after: EVENTS - 1 })) forgedHead = e.hash;
    const forged = forge({ ...digest.digest, headHash: forgedHead, keyId: intruder.kid });
    const byIntruder = await verify(rewritten, [forged]);
    expect(byIntruder.firstBroken).toMatchObject({ kind: 'unknown-key', actual: intruder.kid, digestId: digest.digest.digestId });
    // Trusting the key inside the file would have let it through: the intruder's own key set says so.
    expect((await verify(tamperedCopy(), [forge({ ...digest.digest, keyId: intruder.kid })], [intruder.publicKey('2000-01-01T00:00:00.000Z')])).firstBroken).toBeNull();
    // The genuine digest with its head edited to the forged one, keeping the real signature.
    const edited: DigestFile = { ...digest, digest: { ...digest.digest, headHash: forgedHead } };
    const result = await verify(tamperedCopy(), [edited]);
    expect(result.firstBroken).toMatchObject({ kind: 'bad-signature', digestId: digest.digest.digestId });
  });

  it('signs no digest over a log that is already broken', async () => {
    const store = tamperedCopy((db) => db.prepare('DELETE FROM events WHERE position = 12').run());
    const integrity = new IntegrityStore(join(dir, `refusing-${copies}.sqlite`));
    try {
      const signer = new DigestSigner(store, integrity, AuditKeyring.open(integrity, dir, {}, () => new Date()), () => new Date());
      const refused = await signer.sign({ trigger: 'cli' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ChainBrokenError);
      expect((refused as ChainBrokenError).broken).toMatchObject({ kind: 'gap', position: 13 });
      expect(integrity.lastDigest()).toBeNull();
    } finally {
      integrity.close();
      await store.close();
    }
  });

  it('names an event row that no longer parses', async () => {
    const result = await verify(tamperedCopy((db) => db.prepare("UPDATE events SET data = '{\"n\":' WHERE position = 4").run()));
    expect(result.firstBroken).toMatchObject({ kind: 'unreadable', position: 4 });
  });

  it('verifies a range, and a range that holds the change only when it covers it', async () => {
    const change = (db: DatabaseSync) => {
      const data = rowAt(db, 20).data;
      db.prepare('UPDATE events SET data = ? WHERE position = 20').run(data.replace('pump 20', 'pump 2O'));
    };
    expect(await verify(tamperedCopy(change), [digest], trusted, { from: 1, to: 19 })).toMatchObject({ ok: true, checked: 19, digestsNotReached: [{ position: EVENTS }] });
    expect(await verify(tamperedCopy(change), [digest], trusted, { from: 21 })).toMatchObject({ ok: true, checked: 10, digestsVerified: [{ position: EVENTS }] });
    expect((await verify(tamperedCopy(change), [digest], trusted, { from: 15, to: 25 })).firstBroken).toMatchObject({ kind: 'hash-mismatch', position: 20 });
  });
});
