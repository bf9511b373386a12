/** The time every identity rule uses: sessions, tokens, codes and lockouts are all judged by it. */
export class Clock {
  #offsetMs = 0;

  /** `adjustable` only in tests, so that idle and absolute timeouts are proved without waiting for them. */
  constructor(private readonly adjustable = false) {}

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /** Moves this clock forward (tests only). */
  advance(ms: number): void {
    if (!this.adjustable) throw new Error('this clock follows the system time and cannot be advanced');
    this.#offsetMs += ms;
  }
}
