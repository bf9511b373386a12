import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/config';
import type { IntegrityStore, StoredKey } from './integrity-store';
import { SigningKey, type PublicSigningKey } from './signing-key';

// ---- The audit signing keys: one current key, every earlier public key kept with its validity -------
//
// Either AUDIT_SIGNING_KEY (Ed25519 PKCS#8, PEM or base64 DER) or a key generated into
// DATA_DIR/audit-signing-keys/<kid>.pem (mode 0600). Rotation closes the current key's validity and
// opens the next one's at the same instant; a retired generated key's private file is deleted, so it
// can never sign a backdated digest. The public keys stay in the integrity store and are published.

export const SIGNING_KEY_DIR = 'audit-signing-keys';

type Env = Record<string, string | undefined>;

/** The configured key cannot be used; the message names the variable or file and what to do. */
export class AuditKeyError extends ConfigError {
  constructor(subject: string, rule: string) {
    super(subject, rule);
    this.name = 'AuditKeyError';
  }
}

/** The current key comes from the environment: rotating means configuring another one. */
export class RotationNotPossible extends Error {
  constructor() {
    super('the audit signing key comes from AUDIT_SIGNING_KEY; rotate it by setting a new key there and restarting');
    this.name = 'RotationNotPossible';
  }
}

const writePrivateFile = (file: string, content: string): void => {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
};

export class AuditKeyring {
  #current: SigningKey;

  private constructor(
    private readonly store: IntegrityStore,
    private readonly dir: string,
    current: SigningKey,
  ) {
    this.#current = current;
  }

  private static keyFile(dir: string, kid: string): string {
    return join(dir, `${kid}.pem`);
  }

  private static readGenerated(dir: string, kid: string): SigningKey | null {
    const file = AuditKeyring.keyFile(dir, kid);
    if (!existsSync(file)) return null;
    const mode = statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw new AuditKeyError(file, `is readable by other users (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 on it`);
    const key = SigningKey.parse(readFileSync(file, 'utf8'));
    if (key.kid !== kid) throw new AuditKeyError(file, `holds key ${key.kid}, not ${kid}`);
    return key;
  }

  private static generate(store: IntegrityStore, dir: string, at: string): SigningKey {
    const key = SigningKey.generate();
    writePrivateFile(AuditKeyring.keyFile(dir, key.kid), key.exportPem());
    store.addKey(key.publicKey(at), 'generated');
    return key;
  }

  private static retire(store: IntegrityStore, dir: string, active: StoredKey, at: string): void {
    store.retireKey(active.kid, at);
    const file = AuditKeyring.keyFile(dir, active.kid);
    if (active.source === 'generated' && existsSync(file)) unlinkSync(file);
  }

  /** The keyring of a data directory: the environment's key, the current generated one, or a new one. */
  static open(store: IntegrityStore, dataDir: string, env: Env, now: () => Date): AuditKeyring {
    const dir = join(dataDir, SIGNING_KEY_DIR);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(dir, 0o700);
    const text = env['AUDIT_SIGNING_KEY']?.trim();
    let configured: SigningKey | null = null;
    if (text) {
      try {
        configured = SigningKey.parse(text);
      } catch {
        throw new AuditKeyError('AUDIT_SIGNING_KEY', 'must be an Ed25519 private key, PKCS#8 PEM or base64 DER (openssl genpkey -algorithm ed25519)');
      }
    }
    const current = store.transaction(() => {
      const at = now().toISOString();
      const active = store.activeKey();
      if (configured) {
        if (active?.kid === configured.kid) return configured;
        if (store.keys().some((k) => k.kid === configured.kid)) throw new AuditKeyError('AUDIT_SIGNING_KEY', 'is a retired audit signing key; configure a new one');
        if (active) AuditKeyring.retire(store, dir, active, at);
        store.addKey(configured.publicKey(at), 'environment');
        return configured;
      }
      const generated = active?.source === 'generated' ? AuditKeyring.readGenerated(dir, active.kid) : null;
      if (generated) return generated;
      // No key yet, or the current one came from an environment that no longer gives it: a new one.
      if (active) AuditKeyring.retire(store, dir, active, at);
      return AuditKeyring.generate(store, dir, at);
    });
    return new AuditKeyring(store, dir, current);
  }

  /** The key that signs now; follows a rotation made by another process of this DATA_DIR. */
  current(): SigningKey {
    const active = this.store.activeKey();
    if (active && active.kid !== this.#current.kid) {
      const key = AuditKeyring.readGenerated(this.dir, active.kid);
      if (!key) throw new AuditKeyError(AuditKeyring.keyFile(this.dir, active.kid), 'is missing: the current audit signing key was rotated by a process that holds it elsewhere');
      this.#current = key;
    }
    return this.#current;
  }

  /** Every public key, oldest first, with its validity. */
  publicKeys(): PublicSigningKey[] {
    return this.store.keys().map(({ source: _source, ...key }) => key);
  }

  /** Replaces the current generated key with a new one; answers the new public key. */
  rotate(now: Date): PublicSigningKey {
    return this.store.transaction(() => {
      const active = this.store.activeKey();
      if (active?.source === 'environment') throw new RotationNotPossible();
      const at = now.toISOString();
      if (active) AuditKeyring.retire(this.store, this.dir, active, at);
      this.#current = AuditKeyring.generate(this.store, this.dir, at);
      return this.#current.publicKey(at);
    });
  }
}
