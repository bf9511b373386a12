// Both rate-limiter adapters against one contract; the Redis one on the real Redis at REDIS_URL.
import { Redis } from 'ioredis';
import { Clock } from '../clock';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { describeRateLimiterContract, WINDOW_ALIGNED_START } from './rate-limiter.contract';
import { RedisRateLimiter } from './redis.rate-limiter';

const redisUrl = process.env['REDIS_URL'] ?? '';
const skipReason = redisUrl === '' ? 'REDIS_URL is not set (start redis-server and set REDIS_URL=redis://127.0.0.1:<port> to run it)' : undefined;
if (skipReason !== undefined) console.warn(`Redis rate limiter: skipped: ${skipReason}`);

describeRateLimiterContract('in-memory rate limiter', (clock) => new InMemoryRateLimiter(clock));
describeRateLimiterContract('Redis rate limiter', (clock) => new RedisRateLimiter(redisUrl, clock, `kuaige-test-${process.pid}`), skipReason);

describe('in-memory rate limiter under many keys', () => {
  const perSecond = { limit: 1, windowMs: 1000 };
  const perMinute = { limit: 1, windowMs: 60_000 };

  it('forgets expired windows instead of growing without end', async () => {
    const clock = new Clock(true, WINDOW_ALIGNED_START);
    const limiter = new InMemoryRateLimiter(clock, 10);
    for (let i = 0; i < 10; i++) await limiter.hit(`k${i}`, perSecond);
    clock.advance(1000);
    expect((await limiter.hit('k0', perSecond)).allowed).toBe(true);
    expect((await limiter.hit('k0', perSecond)).allowed).toBe(false);
    expect(limiter.size).toBeLessThanOrEqual(10);
  });

  it('keeps a hot key counted while a flood of other keys overflows it, and never holds more than its bound', async () => {
    const clock = new Clock(true, WINDOW_ALIGNED_START);
    const limiter = new InMemoryRateLimiter(clock, 10);
    expect((await limiter.hit('hot', perMinute)).allowed).toBe(true);
    const hotAgain: boolean[] = [];
    for (let i = 0; i < 100; i++) {
      await limiter.hit(`flood-${i}`, perMinute);
      if (i % 3 === 0) hotAgain.push((await limiter.hit('hot', perMinute)).allowed);
      expect(limiter.size).toBeLessThanOrEqual(10);
    }
    expect(hotAgain).toHaveLength(34);
    expect(hotAgain.every((allowed) => !allowed)).toBe(true);
  });

  it('evicts expired windows before live ones, and then the least recently used', async () => {
    const clock = new Clock(true, WINDOW_ALIGNED_START);
    const limiter = new InMemoryRateLimiter(clock, 10);
    await limiter.hit('cold-but-live', perMinute);
    for (let i = 0; i < 9; i++) await limiter.hit(`brief-${i}`, perSecond);
    clock.advance(1000);
    // Full: the nine expired per-second windows make room; the minute window, untouched since, stays.
    for (let i = 0; i < 9; i++) await limiter.hit(`next-${i}`, perMinute);
    expect((await limiter.hit('cold-but-live', perMinute)).allowed).toBe(false);
    // Full of live windows: the least recently used goes (next-0), the just-used cold one stays.
    await limiter.hit('newcomer', perMinute);
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect((await limiter.hit('cold-but-live', perMinute)).allowed).toBe(false);
    expect((await limiter.hit('next-8', perMinute)).allowed).toBe(false);
    expect((await limiter.hit('next-0', perMinute)).allowed).toBe(true);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new InMemoryRateLimiter(new Clock(), 0)).toThrow(RangeError);
    expect(() => new InMemoryRateLimiter(new Clock(), 1.5)).toThrow(RangeError);
  });
});

(skipReason === undefined ? describe : describe.skip)('Redis rate limiter keys', () => {
  it('expire with their window as the injected clock sees it, not a whole window after the hit', async () => {
    const clock = new Clock(true, WINDOW_ALIGNED_START);
    const prefix = `kuaige-test-ttl-${process.pid}`;
    const limiter = new RedisRateLimiter(redisUrl, clock, prefix);
    const redis = new Redis(redisUrl);
    try {
      clock.advance(45_000); // 15 s before the minute window ends
      await limiter.hit('k', { limit: 5, windowMs: 60_000 });
      const [slot] = await redis.keys(`${prefix}:k:*`);
      const ttl = await redis.pttl(slot!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15_000 + 1_000);
    } finally {
      await redis.del(...(await redis.keys(`${prefix}:*`)));
      redis.disconnect();
      await limiter.close();
    }
  });
});

describe('Redis rate limiter with Redis away (no REDIS_URL needed)', () => {
  it('lets requests through and reports the error rather than taking sign-in down', async () => {
    const errors: Error[] = [];
    const limiter = new RedisRateLimiter('redis://127.0.0.1:6399', new Clock(), 'x', (e) => errors.push(e));
    const result = await limiter.hit('k', { limit: 1, windowMs: 1000 });
    expect(result.allowed).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    await limiter.close();
  });
});
