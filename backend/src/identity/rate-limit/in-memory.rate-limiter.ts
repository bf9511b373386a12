import type { Clock } from '../clock';
import { decision, windowOf, type RateDecision, type RateLimit, type RateLimiter } from './rate-limiter.port';

interface Window {
  readonly endsAt: number;
  count: number;
}

/** Fixed windows in this process: right for the embedded single-process default. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly kind = 'in-memory';
  // Map order is recency order: every hit moves its window to the end, so the first is the least recently used.
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError(`maxKeys must be a positive integer (got ${maxKeys})`);
  }

  /** Windows held now; never more than maxKeys. */
  get size(): number {
    return this.windows.size;
  }

  async hit(key: string, limit: RateLimit): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const { index, endsAt } = windowOf(now, limit.windowMs);
    const slot = `${key}\0${limit.windowMs}\0${index}`;
    let entry = this.windows.get(slot);
    if (entry === undefined) {
      if (this.windows.size >= this.maxKeys) this.makeRoom(now);
      entry = { endsAt, count: 0 };
    } else {
      this.windows.delete(slot);
    }
    entry.count++;
    this.windows.set(slot, entry);
    return decision(entry.count, limit, now, endsAt);
  }

  /**
   * Many distinct keys (an attack from many addresses) must not grow memory without end, nor wipe
   * everyone's counters, which would hand the attacker fresh windows on the keys that matter. Expired
   * windows go first, then the least recently used; a tenth of the room is freed at once so that the
   * full scan is paid once per many new keys, not on each.
   */
  private makeRoom(now: number): void {
    for (const [slot, entry] of this.windows) if (entry.endsAt <= now) this.windows.delete(slot);
    const target = this.maxKeys - Math.max(1, Math.floor(this.maxKeys / 10));
    for (const slot of this.windows.keys()) {
      if (this.windows.size <= target) break;
      this.windows.delete(slot);
    }
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
