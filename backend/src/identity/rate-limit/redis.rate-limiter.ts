import { Redis } from 'ioredis';
import type { Clock } from '../clock';
import { decision, windowOf, type RateDecision, type RateLimit, type RateLimiter } from './rate-limiter.port';

const CONNECT_WAIT_MS = 500;
const EXPIRY_GRACE_MS = 1000;

/**
 * Fixed windows in Redis, shared by every API process: INCR the window's key and let it expire with
 * the window. When Redis cannot be reached the hit is allowed (and reported): sign-in stays up, and
 * the per-account lockout, which lives in the event store, still holds.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly kind = 'redis';
  private readonly redis: Redis;

  constructor(
    redisUrl: string,
    private readonly clock: Clock,
    private readonly prefix = 'kuaige:rate',
    private readonly onError: (error: Error) => void = () => undefined,
  ) {
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', (e: Error) => this.onError(e));
    this.connected = new Promise((resolve) => this.redis.once('ready', () => resolve()));
  }

  private readonly connected: Promise<void>;

  // Commands fail fast while Redis is away (no offline queue); only the first connection is waited for, briefly.
  private async whenConnected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await Promise.race([this.connected, new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS).unref())]);
  }

  async hit(key: string, limit: RateLimit): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const { index, endsAt } = windowOf(now, limit.windowMs);
    const slot = `${this.prefix}:${key}:${limit.windowMs}:${index}`;
    try {
      await this.whenConnected();
      // The key lives as long as its window does by the injected clock (which named the key), plus a
      // grace for clock skew between API processes; Redis's own clock never decides a window.
      const replies = await this.redis.multi().incr(slot).pexpire(slot, endsAt - now + EXPIRY_GRACE_MS).exec();
      const count = Number(replies?.[0]?.[1] ?? 0);
      return decision(count, limit, now, endsAt);
    } catch (error) {
      this.onError(error as Error);
      return { allowed: true, remaining: limit.limit, retryAfterMs: 0 };
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
