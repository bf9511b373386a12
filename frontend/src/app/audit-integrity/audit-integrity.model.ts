/** A signed digest of the event log head, as GET /api/v1/audit/digests lists it. */
export interface AuditDigest {
  readonly digestId: string;
  readonly position: number;
  readonly eventCount: number;
  readonly headEventId: string | null;
  readonly headHash: string;
  readonly streamCount: number;
  readonly streamsRoot: string;
  readonly chain: 'global' | 'per-stream';
  readonly store: string;
  readonly createdAt: string;
  readonly keyId: string;
  readonly previousDigestHash: string | null;
  readonly trigger: 'schedule' | 'api' | 'cli';
}

export type BreakKind =
  | 'hash-mismatch'
  | 'gap'
  | 'order'
  | 'unreadable'
  | 'truncated'
  | 'digest-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'key-not-valid'
  | 'malformed-digest';

export const BREAK_KINDS: readonly BreakKind[] = ['hash-mismatch', 'gap', 'order', 'unreadable', 'truncated', 'digest-mismatch', 'bad-signature', 'unknown-key', 'key-not-valid', 'malformed-digest'];

export interface BrokenLink {
  readonly kind: BreakKind;
  readonly position: number | null;
  readonly streamId?: string;
  readonly eventId?: string;
  readonly revision?: number;
  readonly expected?: string;
  readonly actual?: string;
  readonly digestId?: string;
  readonly detail: string;
}

export type VerificationState = 'waiting' | 'running' | 'passed' | 'broken' | 'error';

export interface VerificationRun {
  readonly id: string;
  readonly state: VerificationState;
  readonly progress: number;
  readonly checked: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly result: {
    readonly ok: boolean;
    readonly checked: number;
    readonly lastPosition: number;
    readonly digestsVerified: readonly { digestId: string; position: number }[];
    readonly firstBroken: BrokenLink | null;
    readonly notes: readonly string[];
  } | null;
}

export const isFinished = (run: VerificationRun): boolean => run.state === 'passed' || run.state === 'broken' || run.state === 'error';

export interface IntegrityState {
  readonly latest: VerificationRun | null;
  readonly lastDigest: AuditDigest | null;
}

export interface PublicSigningKey {
  readonly kid: string;
  readonly x: string;
  readonly validFrom: string;
  readonly validUntil: string | null;
}
