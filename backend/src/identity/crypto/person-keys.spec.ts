import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { FieldCipher, fieldContext, FieldDecryptionError } from './field-encryption';
import { Keyring } from './keyring';
import { ERASED_MARKER, maskMobile, maskName, maskResidentId } from './masking';
import { PersonCipher } from './person-cipher';
import { PersonalDataErasedError, PersonKeyStore, reapplyErasures } from './person-keys';

const keyring = Keyring.create({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.alloc(32, 1)]]), indexKey: Buffer.alloc(32, 9) });
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'kuaige-person-keys-')), 'personal-keys.sqlite');
const phoneOf = (id: string) => fieldContext('account', id, 'mobile');

describe('person data keys (crypto-shredding)', () => {
  it('encrypts each person under their own key, bound to person and field', () => {
    const cipher = new PersonCipher(PersonKeyStore.open(keyFile(), keyring));
    const a = cipher.encrypt('account:a', '13800138000', phoneOf('a'));
    const b = cipher.encrypt('account:b', '13800138000', phoneOf('b'));
    expect(a).toMatch(/^enc:p1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(PersonCipher.isPersonal(a)).toBe(true);
    expect(PersonCipher.isPersonal('enc:v1:k1:x:y')).toBe(false);
    expect(cipher.decrypt('account:a', a, phoneOf('a'))).toBe('13800138000');
    expect(cipher.decrypt('account:b', b, phoneOf('b'))).toBe('13800138000');
    // Another person's key, or another field, does not open it.
    expect(() => cipher.decrypt('account:b', a, phoneOf('b'))).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt('account:a', a, fieldContext('account', 'a', 'real_name'))).toThrow(FieldDecryptionError);
  });

  it('after erasure reads show the marker, new values are refused, and other people are untouched', () => {
    const keys = PersonKeyStore.open(keyFile(), keyring);
    const cipher = new PersonCipher(keys);
    const a = cipher.encrypt('account:a', '欧阳娜娜', fieldContext('account', 'a', 'real_name'));
    const b = cipher.encrypt('account:b', '张三', fieldContext('account', 'b', 'real_name'));
    expect(keys.erase('account:a')).toBe(true);
    expect(keys.erase('account:a')).toBe(false);
    expect(keys.isErased('account:a')).toBe(true);
    expect(cipher.decrypt('account:a', a, fieldContext('account', 'a', 'real_name'))).toBe(ERASED_MARKER);
    expect(() => cipher.encrypt('account:a', '欧阳娜娜', fieldContext('account', 'a', 'real_name'))).toThrow(PersonalDataErasedError);
    expect(cipher.decrypt('account:b', b, fieldContext('account', 'b', 'real_name'))).toBe('张三');
    expect([maskName(ERASED_MARKER), maskMobile(ERASED_MARKER), maskResidentId(ERASED_MARKER)]).toEqual([ERASED_MARKER, ERASED_MARKER, ERASED_MARKER]);
  });

  it('finds subjects that are no account by their lookup, and forgets the link with the key — in a restored copy too', () => {
    const file = keyFile();
    const keys = PersonKeyStore.open(file, keyring);
    for (const subject of ['contact:t1', 'contact:t2', 'contact:other']) keys.keyFor(subject);
    keys.rememberLookup('contact:t1', 'number-1');
    keys.rememberLookup('contact:t2', 'number-1');
    keys.rememberLookup('contact:t1', 'number-2');
    keys.rememberLookup('contact:other', 'number-2');
    expect(keys.subjectsOf('number-1')).toEqual(['contact:t1', 'contact:t2']);
    const backup = keyFile();
    keys.close();
    new DatabaseSync(backup).exec(`ATTACH '${file}' AS live; CREATE TABLE subject_lookups AS SELECT * FROM live.subject_lookups; CREATE TABLE person_keys AS SELECT * FROM live.person_keys;`);
    const live = PersonKeyStore.open(file, keyring);
    expect(live.erase('contact:t1')).toBe(true);
    expect(live.subjectsOf('number-1')).toEqual(['contact:t2']);
    expect(live.subjectsOf('number-2')).toEqual(['contact:other']);
    live.close();
    expect(reapplyErasures(file, backup)).toEqual(['contact:t1']);
    const restored = PersonKeyStore.open(backup, keyring);
    expect([restored.keyOf('contact:t1'), restored.subjectsOf('number-1')]).toEqual(['erased', ['contact:t2']]);
  });

  it('an erasure by one process is seen at once by another sharing the file', () => {
    const file = keyFile();
    const here = PersonKeyStore.open(file, keyring);
    const there = PersonKeyStore.open(file, keyring);
    const sealed = new PersonCipher(here).encrypt('account:a', '13800138000', phoneOf('a'));
    expect(new PersonCipher(there).decrypt('account:a', sealed, phoneOf('a'))).toBe('13800138000');
    expect(new PersonCipher(here).decrypt('account:a', sealed, phoneOf('a'))).toBe('13800138000');
    there.erase('account:a');
    expect(new PersonCipher(here).decrypt('account:a', sealed, phoneOf('a'))).toBe(ERASED_MARKER);
  });

  it('stores keys wrapped by the keyring, and leaves no trace of an erased key in the file', () => {
    const file = keyFile();
    const keys = PersonKeyStore.open(file, keyring);
    new PersonCipher(keys).encrypt('account:a', 'x', phoneOf('a'));
    new PersonCipher(keys).encrypt('account:b', 'x', phoneOf('b'));
    const fileText = () => readFileSync(file).toString('latin1') + readFileSync(`${file}-wal`).toString('latin1');
    const db = new DatabaseSync(file, { readOnly: true });
    const wrapped = Object.fromEntries((db.prepare('SELECT subject, wrapped FROM person_keys').all() as { subject: string; wrapped: string }[]).map((r) => [r.subject, r.wrapped]));
    db.close();
    // Wrapped: an enc:v1 value under the keyring, bound to the person; the raw key never touches the file.
    expect(new FieldCipher(keyring).decrypt(wrapped['account:a']!, fieldContext('person-key', 'account:a', 'data_key'))).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fileText()).toContain(wrapped['account:a']);
    keys.erase('account:a');
    expect(fileText()).not.toContain(wrapped['account:a']);
    expect(fileText()).toContain(wrapped['account:b']);
    keys.close();
  });
});
