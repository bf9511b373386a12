import { createHash, randomBytes, randomUUID } from 'node:crypto';

// Refresh tokens: `<session id>.<256 random bits>`. The session id lets a refresh load its session
// stream directly; only a SHA-256 of the whole token is stored (a 256-bit secret needs no slow hash).

const FORMAT = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** A fresh refresh token for a session. */
export const newRefreshToken = (sessionId: string): string => `${sessionId}.${randomBytes(32).toString('base64url')}`;

/** What is stored of a refresh token. */
export const refreshTokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** The session a refresh token claims to belong to, or null when it cannot be one of ours. */
export const sessionOfRefreshToken = (token: string): string | null => (typeof token === 'string' ? (FORMAT.exec(token)?.[1] ?? null) : null);

export const newSessionId = (): string => randomUUID();
