import { randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * The operations API's token: ADMIN_TOKEN when set; otherwise one generated at first start into
 * DATA_DIR/admin.token, readable only by the owner — whoever can read the data directory may operate it.
 */
export const resolveAdminToken = (configured: string | null, dataDir: string): string => {
  if (configured) return configured;
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const existing = readToken(file);
  if (existing !== null) return existing;
  // Roles sharing DATA_DIR start together: the token is written whole to a private temporary file and
  // linked into place, so the first process wins, the others read its token, none sees half a file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(temp);
  }
  const token = readToken(file);
  if (token === null) throw new Error(`${file} is empty: remove it to have a new admin token generated`);
  return token;
};

const readToken = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8').trim() || null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
};

/** Compares in constant time, so that the token cannot be guessed from response times. */
export const tokensEqual = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};
