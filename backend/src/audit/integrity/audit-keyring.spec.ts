import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AuditKeyError, AuditKeyring, RotationNotPossible, SIGNING_KEY_DIR } from './audit-keyring';
import { authenticateDigest, DIGEST_FORMAT, signedBytes, type DigestBody, type DigestFile } from './digest';
import { IntegrityStore } from './integrity-store';
import { keyIdOf, parseKeySet, SigningKey } from './signing-key';

let dir: string;
let store: IntegrityStore;
let now: Date;
const clock = () => now;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuaige-audit-keys-'));
  store = IntegrityStore.in(dir);
  now = new Date('2026-12-01T08:00:00.000Z');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const body = (keyId: string, createdAt: string): DigestBody => ({
  format: DIGEST_FORMAT,
  digestId: 'd1',
  store: 'embedded-sqlite',
  chain: 'global',
  position: 0,
  eventCount: 0,
  headEventId: null,
  headHash: '0'.repeat(64),
  streamCount: 0,
  streamsRoot: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  createdAt,
  keyId,
  previousDigestHash: null,
});
const signed = (key: SigningKey, b: DigestBody): DigestFile => ({ digest: b, signature: { alg: 'EdDSA', kid: key.kid, value: key.sign(signedBytes(b)) }, key: key.publicKey(b.createdAt) });

describe('audit signing keys', () => {
  it('generates one key into DATA_DIR, readable by the service account only, and reuses it', () => {
    const first = AuditKeyring.open(store, dir, {}, clock).current();
    const file = join(dir, SIGNING_KEY_DIR, `${first.kid}.pem`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, SIGNING_KEY_DIR)).mode & 0o777).toBe(0o700);
    expect(AuditKeyring.open(store, dir, {}, clock).current().kid).toBe(first.kid);
    expect(store.keys()).toEqual([expect.objectContaining({ kid: first.kid, validFrom: now.toISOString(), validUntil: null, source: 'generated' })]);
  });

  it('never shows the private key when logged or serialised', () => {
    const key = AuditKeyring.open(store, dir, {}, clock).current();
    const pem = key.exportPem();
    expect(JSON.stringify(key)).not.toContain(pem.split('\n')[1]!);
    expect(inspect(key)).toBe(`SigningKey { kid: ${key.kid}, privateKey: [redacted] }`);
  });

  it('rotates: the new key signs from then on, the old one stays published with its validity and its private file is gone', () => {
    const keyring = AuditKeyring.open(store, dir, {}, clock);
    const old = keyring.current();
    const oldDigest = signed(old, body(old.kid, now.toISOString()));
    now = new Date('2026-12-02T08:00:00.000Z');
    const next = keyring.rotate(now);
    expect(keyring.current().kid).toBe(next.kid);
    expect(keyring.publicKeys()).toEqual([
      expect.objectContaining({ kid: old.kid, validFrom: '2026-12-01T08:00:00.000Z', validUntil: '2026-12-02T08:00:00.000Z' }),
      expect.objectContaining({ kid: next.kid, validFrom: '2026-12-02T08:00:00.000Z', validUntil: null }),
    ]);
    expect(readdirSync(join(dir, SIGNING_KEY_DIR))).toEqual([`${next.kid}.pem`]);
    // Digests signed before the rotation still verify; one the old key claims to have made after it does not.
    expect(authenticateDigest(oldDigest, keyring.publicKeys())).toBeUndefined();
    const late = authenticateDigest(signed(old, body(old.kid, '2026-12-03T00:00:00.000Z')), keyring.publicKeys());
    expect(late).toMatchObject({ kind: 'key-not-valid', actual: '2026-12-03T00:00:00.000Z' });
    // Another process of the same DATA_DIR follows the rotation.
    const other = AuditKeyring.open(store, dir, {}, clock);
    expect(other.current().kid).toBe(next.kid);
  });

  it('takes the key from AUDIT_SIGNING_KEY, retiring the generated one, and refuses to rotate it here', () => {
    const generated = AuditKeyring.open(store, dir, {}, clock).current();
    const configured = SigningKey.generate();
    now = new Date('2026-12-05T00:00:00.000Z');
    const keyring = AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: configured.exportPem() }, clock);
    expect(keyring.current().kid).toBe(configured.kid);
    expect(store.keys()).toEqual([
      expect.objectContaining({ kid: generated.kid, validUntil: '2026-12-05T00:00:00.000Z', source: 'generated' }),
      expect.objectContaining({ kid: configured.kid, validUntil: null, source: 'environment' }),
    ]);
    expect(existsSync(join(dir, SIGNING_KEY_DIR, `${generated.kid}.pem`))).toBe(false);
    expect(() => keyring.rotate(now)).toThrow(RotationNotPossible);
    // base64 DER works too, and the same key again changes nothing.
    const der = configured.exportPem().replace(/-----[A-Z ]+-----|\s/g, '');
    expect(AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: der }, clock).current().kid).toBe(configured.kid);
    expect(store.keys()).toHaveLength(2);
  });

  it('refuses a malformed or a retired AUDIT_SIGNING_KEY, naming the variable', () => {
    expect(() => AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: 'not a key' }, clock)).toThrow(AuditKeyError);
    expect(() => AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: 'not a key' }, clock)).toThrow(/^AUDIT_SIGNING_KEY must be an Ed25519 private key/);
    const first = SigningKey.generate();
    AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: first.exportPem() }, clock);
    AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: SigningKey.generate().exportPem() }, clock);
    expect(() => AuditKeyring.open(store, dir, { AUDIT_SIGNING_KEY: first.exportPem() }, clock)).toThrow(/retired/);
  });

  it('publishes key ids anyone can recompute (RFC 7638), and a key set never lends a key another id', () => {
    const key = SigningKey.generate();
    // RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    expect(keyIdOf('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const [parsed] = parseKeySet(JSON.stringify({ keys: [{ ...key.publicKey('2026-01-01T00:00:00.000Z'), kid: 'someone-else' }] }));
    expect(parsed!.kid).toBe(key.kid);
    expect(() => parseKeySet('{"keys":[{"kty":"RSA"}]}')).toThrow('keys[0] must be an Ed25519 JWK');
  });
});
