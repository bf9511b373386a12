import type { Clock } from '../clock';
import { decision, windowOf, type RateDecision, type RateLimit, type RateLimiter } from './rate-limiter.port';

/** Fixed windows in this process: right for the embedded single-process default. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly kind = 'in-memory';
  private readonly windows = new Map<string, { endsAt: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  async hit(key: string, limit: RateLimit): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    const { index, endsAt } = windowOf(now, limit.windowMs);
    const slot = `${key}\0${limit.windowMs}\0${index}`;
    if (this.windows.size >= this.maxKeys) this.sweep(now);
    const entry = this.windows.get(slot) ?? { endsAt, count: 0 };
    entry.count++;
    this.windows.set(slot, entry);
    return decision(entry.count, limit, now, endsAt);
  }

  // Many distinct keys (an attack from many addresses) must not grow memory without end.
  private sweep(now: number): void {
    for (const [slot, entry] of this.windows) if (entry.endsAt <= now) this.windows.delete(slot);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}
