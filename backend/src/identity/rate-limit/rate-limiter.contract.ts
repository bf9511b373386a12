import { Clock } from '../clock';
import type { RateLimiter } from './rate-limiter.port';

/** What every rate-limiter adapter must do; run against each of them. */
export const describeRateLimiterContract = (name: string, open: (clock: Clock) => RateLimiter, skipReason?: string) =>
  (skipReason === undefined ? describe : describe.skip)(`${name} (rate-limiter contract)`, () => {
    const clock = new Clock(true);
    let limiter: RateLimiter;
    const key = () => `test-${process.pid}-${Math.random().toString(36).slice(2)}`;
    beforeAll(() => {
      limiter = open(clock);
    });
    afterAll(() => limiter.close());

    it('allows up to the limit in a window, then refuses with the time until the window ends', async () => {
      const k = key();
      const limit = { limit: 3, windowMs: 60_000 };
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.hit(k, limit));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3]!.retryAfterMs).toBeGreaterThan(0);
      expect(results[3]!.retryAfterMs).toBeLessThanOrEqual(60_000);
    });

    it('starts afresh in the next window and keeps keys apart', async () => {
      const k = key();
      const limit = { limit: 1, windowMs: 60_000 };
      expect((await limiter.hit(k, limit)).allowed).toBe(true);
      expect((await limiter.hit(k, limit)).allowed).toBe(false);
      expect((await limiter.hit(key(), limit)).allowed).toBe(true);
      clock.advance(60_000);
      expect((await limiter.hit(k, limit)).allowed).toBe(true);
    });
  });
