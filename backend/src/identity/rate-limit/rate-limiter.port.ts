/** One fixed window of a limit: at most `limit` hits per `windowMs`. */
export interface RateLimit {
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Until the window resets (ms); what Retry-After says when refused. */
  readonly retryAfterMs: number;
}

/** Counts hits per key in fixed windows. One port, an in-memory and a Redis adapter. */
export interface RateLimiter {
  readonly kind: string;
  /** Counts one hit for `key` and says whether it is within the limit. */
  hit(key: string, limit: RateLimit): Promise<RateDecision>;
  close(): Promise<void>;
}

/** The window a moment falls in, and when that window ends. */
export const windowOf = (nowMs: number, windowMs: number) => {
  const index = Math.floor(nowMs / windowMs);
  return { index, endsAt: (index + 1) * windowMs };
};

export const decision = (count: number, limit: RateLimit, nowMs: number, endsAt: number): RateDecision => ({
  allowed: count <= limit.limit,
  remaining: Math.max(0, limit.limit - count),
  retryAfterMs: Math.max(0, endsAt - nowMs),
});
