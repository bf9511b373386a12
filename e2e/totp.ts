// RFC 6238 TOTP (RFC 4226 HOTP over time) as authenticator apps compute it: SHA-1, 30 s, 6 digits.
import { createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STEP_SECONDS = 30;

/** Decodes an RFC 4648 base32 secret (spaces, padding and case ignored). */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The time step a moment falls in. */
export const stepAt = (ms = Date.now()): number => Math.floor(ms / 1000 / STEP_SECONDS);

/** The 6-digit code of one time step. */
export function totp(secret: string, step = stepAt()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

/**
 * A code of a step later than `usedStep`: the backend refuses a step it already accepted, so this
 * waits for the next 30 s step when needed. Returns the code and its step.
 */
export async function freshCode(secret: string, usedStep: number): Promise<{ code: string; step: number }> {
  while (stepAt() <= usedStep) await new Promise((resolve) => setTimeout(resolve, 250));
  const step = stepAt();
  return { code: totp(secret, step), step };
}
