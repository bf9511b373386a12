/** The time every identity rule uses: sessions, tokens, codes and lockouts are all judged by it. */
export class Clock {
  #offsetMs = 0;
  #stoppedAtMs: number | null;

  /**
   * `adjustable` only in tests, so that idle and absolute timeouts are proved without waiting for them.
   * With `stoppedAt` (tests only) the clock stands still there and moves only when advanced, so a
   * test's outcome cannot depend on when it runs (a window boundary passing between two steps).
   */
  constructor(
    private readonly adjustable = false,
    stoppedAt?: Date,
  ) {
    if (stoppedAt !== undefined && !adjustable) throw new Error('only an adjustable (test) clock can stand still');
    this.#stoppedAtMs = stoppedAt?.getTime() ?? null;
  }

  now(): Date {
    return new Date((this.#stoppedAtMs ?? Date.now()) + this.#offsetMs);
  }

  /** Moves this clock forward (tests only). */
  advance(ms: number): void {
    if (!this.adjustable) throw new Error('this clock follows the system time and cannot be advanced');
    this.#offsetMs += ms;
  }

  /** Stops this clock at the present moment; from then on only `advance` moves it (tests only). */
  freeze(): void {
    if (!this.adjustable) throw new Error('this clock follows the system time and cannot be frozen');
    this.#stoppedAtMs ??= Date.now();
  }

  /** Lets a stopped clock run again from where it stood (tests only). */
  thaw(): void {
    if (this.#stoppedAtMs === null) return;
    this.#offsetMs += this.#stoppedAtMs - Date.now();
    this.#stoppedAtMs = null;
  }
}
