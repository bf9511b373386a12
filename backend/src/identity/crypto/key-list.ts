import { ConfigError } from '../../config/config';

/** Secret keys by id, one of them current (the one new data is protected with). */
export interface KeyList {
  readonly currentId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export interface KeyListRule {
  /** What an id must look like, and how to say so in an error. */
  readonly id: RegExp;
  readonly idRule: string;
  readonly minBytes: number;
  readonly maxBytes: number;
}

/**
 * Decodes standard or URL-safe base64, padded or not; null unless canonical. Canonical-only means a
 * typo cannot silently yield a different key that happens to decode to the right length.
 */
export const decodeBase64Key = (text: string): Buffer | null => {
  const match = /^([A-Za-z0-9+/_-]+)(={0,2})$/.exec(text);
  if (!match) return null;
  const [, core, padding] = match;
  if (padding !== '' && (core.length + padding.length) % 4 !== 0) return null;
  const urlSafe = /[-_]/.test(core);
  if (urlSafe && /[+/]/.test(core)) return null;
  const bytes = Buffer.from(core, urlSafe ? 'base64url' : 'base64');
  return bytes.toString('base64url') === core.replace(/\+/g, '-').replace(/\//g, '_') ? bytes : null;
};

/** Reads one base64 key of an exact length; errors name the variable and never echo the key. */
export const parseKey = (variable: string, text: string, bytes: number): Buffer => {
  const key = decodeBase64Key(text.trim());
  if (key === null) throw new ConfigError(variable, `must be base64 of ${bytes} random bytes (e.g. openssl rand -base64 ${bytes})`);
  if (key.length !== bytes) throw new ConfigError(variable, `must be ${bytes} bytes once base64-decoded, not ${key.length}`);
  return key;
};

/**
 * Reads `id:base64key,id:base64key,...` — the first entry is current; the others stay readable so
 * that data protected with an older key still opens. Rotation = put a new entry first.
 */
export const parseKeyList = (variable: string, text: string, rule: KeyListRule): KeyList => {
  const entries = text.split(',').map((e) => e.trim());
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw new ConfigError(variable, `${where} must be <id>:<base64 key>, entries separated by commas`);
    const id = entry.slice(0, colon);
    if (!rule.id.test(id)) throw new ConfigError(variable, `${where}: key id must be ${rule.idRule}`, id);
    if (keys.has(id)) throw new ConfigError(variable, `${where}: key id appears twice`, id);
    const key = decodeBase64Key(entry.slice(colon + 1));
    if (key === null) throw new ConfigError(variable, `${where}: key ${id} is not canonical base64`);
    if (key.length < rule.minBytes || key.length > rule.maxBytes) {
      const size = rule.minBytes === rule.maxBytes ? `${rule.minBytes}` : `${rule.minBytes}-${rule.maxBytes}`;
      throw new ConfigError(variable, `${where}: key ${id} must be ${size} bytes once decoded, not ${key.length}`);
    }
    keys.set(id, key);
  });
  return { currentId: entries[0].slice(0, entries[0].indexOf(':')), keys };
};
