import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acceptTotp,
  BlindIndex,
  consumeRecoveryCode,
  FieldCipher,
  fieldContext,
  generateRecoveryCodes,
  generateTotpSecret,
  loadOrCreateKeyring,
  maskMobile,
  normalizeMobile,
  otpauthUri,
  RECOVERY_CODE_KEY_PURPOSE,
  totp,
} from './index';

// The pieces as account code will use them together, through the public entry point.
describe('identity crypto, wired together', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kuaige-identity-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores a phone encrypted with a blind index, finds it by index, shows it masked', () => {
    const keyring = loadOrCreateKeyring(dataDir, {});
    const cipher = new FieldCipher(keyring);
    const index = new BlindIndex(keyring);
    const typed = '+86 139 0000 1234';
    const row = {
      id: 'acc-1',
      phone: cipher.encrypt(normalizeMobile(typed) ?? '', fieldContext('account', 'acc-1', 'phone')),
      phoneIndex: index.compute('mobile', typed),
    };
    expect(row.phone).not.toContain('1390000');
    expect(row.phoneIndex).toBe(index.compute('mobile', '13900001234'));
    const phone = cipher.decrypt(row.phone, fieldContext('account', row.id, 'phone'));
    expect(maskMobile(phone)).toBe('139****1234');
  });

  it('enrols TOTP and recovery codes with keys from the keyring', () => {
    const keyring = loadOrCreateKeyring(dataDir, {});
    const secret = generateTotpSecret();
    expect(otpauthUri({ issuer: '快鸽服务云', account: 'ops@example.com', secret })).toMatch(/^otpauth:\/\/totp\//);
    const now = Date.now();
    expect(acceptTotp(secret, totp(secret, now), now, null)).toBe(Math.floor(now / 30_000));
    const key = keyring.macKey(RECOVERY_CODE_KEY_PURPOSE);
    const { codes, hashes } = generateRecoveryCodes(key);
    expect(consumeRecoveryCode(key, codes[9], hashes)?.index).toBe(9);
  });
});
