import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import { testEvents, uniqueCategory } from '../../event-store/event-store.fixtures';
import { AuditKeyring } from './audit-keyring';
import { chainProfileOf, ChainCursor } from './chain-cursor';
import { digestHash, signedBytes, type DigestFile } from './digest';
import { DigestSigner } from './digest-signer';
import { IntegrityStore } from './integrity-store';
import { verifyLog } from './log-verifier';

// ---- Digests and verification over the EventStore port: one suite, every adapter --------------------
// Only appends to streams made up for the test and reads $all as it is, so it also holds on a shared
// EventStoreDB server that others write to (as long as nobody rewrites it meanwhile).

export interface IntegritySubject {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

export function describeIntegrityContract(name: string, open: () => Promise<IntegritySubject>): void {
  describe(`${name}: audit digest contract`, () => {
    let subject: IntegritySubject;
    let dir: string;
    let integrity: IntegrityStore;
    let keys: AuditKeyring;
    let signer: DigestSigner;
    beforeEach(async () => {
      subject = await open();
      dir = mkdtempSync(join(tmpdir(), 'kuaige-digest-contract-'));
      integrity = IntegrityStore.in(dir);
      keys = AuditKeyring.open(integrity, dir, {}, () => new Date());
      signer = new DigestSigner(subject.store, integrity, keys, () => new Date());
    });
    afterEach(async () => {
      integrity.close();
      rmSync(dir, { recursive: true, force: true });
      await subject.dispose();
    });

    it('signs the head with the Merkle root of every stream head, and the log verifies against it', async () => {
      const category = uniqueCategory();
      await subject.store.append(`${category}-1`, testEvents(3), 'no_stream');
      await subject.store.append(`${category}-2`, testEvents(2), 'no_stream');
      const { digest } = await signer.sign({ trigger: 'cli' });
      const d = digest.file.digest;
      // Recomputed independently of the signer: every stream's last (revision, hash) up to the position.
      const cursor = new ChainCursor(chainProfileOf(subject.store.kind));
      for await (const e of subject.store.readAll()) if (e.position <= d.position) expect(cursor.advance(e)).toBeUndefined();
      expect(d).toMatchObject({ store: subject.store.kind, chain: chainProfileOf(subject.store.kind).mode, position: cursor.position, eventCount: cursor.eventCount, streamCount: cursor.heads.size, headHash: cursor.headHash, streamsRoot: cursor.streamsRoot() });
      expect(cursor.heads.get(`${category}-1`)).toMatchObject({ revision: 2 });
      const result = await verifyLog(subject.store, { digests: [digest.file], trustedKeys: keys.publicKeys(), to: d.position });
      expect(result).toMatchObject({ ok: true, digestsVerified: [{ digestId: d.digestId }] });
    });

    it('chains each digest to the one before and verifies a log that grew past them', async () => {
      const category = uniqueCategory();
      await subject.store.append(`${category}-1`, testEvents(2), 'no_stream');
      const first = (await signer.sign({ trigger: 'cli' })).digest.file;
      await subject.store.append(`${category}-1`, testEvents(2), 1);
      const second = (await signer.sign({ trigger: 'api' })).digest.file;
      expect(second.digest.previousDigestHash).toBe(digestHash(first.digest));
      expect(second.digest.position).toBeGreaterThan(first.digest.position);
      await subject.store.append(`${category}-2`, testEvents(1), 'no_stream');
      const result = await verifyLog(subject.store, { digests: [first, second], trustedKeys: keys.publicKeys(), sequence: true, to: second.digest.position });
      expect(result.firstBroken).toBeNull();
      expect(result.digestsVerified.map((r) => r.digestId)).toEqual([first.digest.digestId, second.digest.digestId]);
    });

    it('calls a log that ends below a digest truncated', async () => {
      await subject.store.append(`${uniqueCategory()}-1`, testEvents(2), 'no_stream');
      const genuine = (await signer.sign({ trigger: 'cli' })).digest.file;
      // A digest of a longer log, signed with the trusted key: what this store once held.
      const key = keys.current();
      const longer = { ...genuine.digest, position: genuine.digest.position + 1_000_000, eventCount: genuine.digest.eventCount + 5 };
      const file: DigestFile = { ...genuine, digest: longer, signature: { ...genuine.signature, value: key.sign(signedBytes(longer)) } };
      const result = await verifyLog(subject.store, { digests: [file], trustedKeys: keys.publicKeys() });
      expect(result.firstBroken).toMatchObject({ kind: 'truncated', digestId: longer.digestId });
    });
  });
}
