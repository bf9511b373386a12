// Both rate-limiter adapters against one contract; the Redis one on the real Redis at REDIS_URL.
import { Clock } from '../clock';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { describeRateLimiterContract } from './rate-limiter.contract';
import { RedisRateLimiter } from './redis.rate-limiter';

const redisUrl = process.env['REDIS_URL'] ?? '';
const skipReason = redisUrl === '' ? 'REDIS_URL is not set (start redis-server and set REDIS_URL=redis://127.0.0.1:<port> to run it)' : undefined;
if (skipReason !== undefined) console.warn(`Redis rate limiter: skipped: ${skipReason}`);

describeRateLimiterContract('in-memory rate limiter', (clock) => new InMemoryRateLimiter(clock));
describeRateLimiterContract('Redis rate limiter', (clock) => new RedisRateLimiter(redisUrl, clock, `kuaige-test-${process.pid}`), skipReason);

describe('in-memory rate limiter under many keys', () => {
  it('forgets expired windows instead of growing without end', async () => {
    const clock = new Clock(true);
    const limiter = new InMemoryRateLimiter(clock, 10);
    for (let i = 0; i < 10; i++) await limiter.hit(`k${i}`, { limit: 1, windowMs: 1000 });
    clock.advance(1000);
    expect((await limiter.hit('k0', { limit: 1, windowMs: 1000 })).allowed).toBe(true);
    expect((await limiter.hit('k0', { limit: 1, windowMs: 1000 })).allowed).toBe(false);
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
