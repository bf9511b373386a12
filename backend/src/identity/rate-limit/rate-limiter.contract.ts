import { Clock } from '../clock';
import type { RateLimiter } from './rate-limiter.port';

/** Midnight UTC: a multiple of every window below, so each test knows where its windows begin and end. */
export const WINDOW_ALIGNED_START = new Date(Date.UTC(2026, 0, 1));

/**
 * What every rate-limiter adapter must do; run against each of them. The clock stands still unless a
 * test advances it, so no hit ever lands in another window because the wall clock ticked over one.
 */
export const describeRateLimiterContract = (name: string, open: (clock: Clock) => RateLimiter, skipReason?: string) =>
  (skipReason === undefined ? describe : describe.skip)(`${name} (rate-limiter contract)`, () => {
    const clock = new Clock(true, WINDOW_ALIGNED_START);
    let limiter: RateLimiter;
    const key = () => `test-${process.pid}-${Math.random().toString(36).slice(2)}`;
    beforeAll(() => {
      limiter = open(clock);
    });
    afterAll(() => limiter.close());

    it('allows up to the limit in a window, then refuses with the time until the window ends', async () => {
      const k = key();
      const limit = { limit: 3, windowMs: 60_000 };
      clock.advance(60_000 - (clock.now().getTime() % 60_000) + 15_000); // 15 s into a window
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.hit(k, limit));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results.map((r) => r.retryAfterMs)).toEqual([45_000, 45_000, 45_000, 45_000]);
    });

    it('counts until the last millisecond of a window and starts afresh in the next; keys stay apart', async () => {
      const k = key();
      const limit = { limit: 1, windowMs: 60_000 };
      clock.advance(60_000 - (clock.now().getTime() % 60_000)); // the first millisecond of a window
      expect((await limiter.hit(k, limit)).allowed).toBe(true);
      expect((await limiter.hit(k, limit)).allowed).toBe(false);
      expect((await limiter.hit(key(), limit)).allowed).toBe(true);
      clock.advance(59_999);
      expect(await limiter.hit(k, limit)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1 });
      clock.advance(1);
      expect(await limiter.hit(k, limit)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 60_000 });
    });

    it('keeps windows of different lengths for one key apart', async () => {
      const k = key();
      clock.advance(60_000 - (clock.now().getTime() % 60_000));
      expect((await limiter.hit(k, { limit: 1, windowMs: 1_000 })).allowed).toBe(true);
      expect((await limiter.hit(k, { limit: 1, windowMs: 60_000 })).allowed).toBe(true);
      expect((await limiter.hit(k, { limit: 1, windowMs: 1_000 })).allowed).toBe(false);
      clock.advance(1_000);
      expect((await limiter.hit(k, { limit: 1, windowMs: 1_000 })).allowed).toBe(true);
      expect((await limiter.hit(k, { limit: 1, windowMs: 60_000 })).allowed).toBe(false);
    });
  });
