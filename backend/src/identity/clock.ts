/** The time every identity rule uses: sessions, tokens, codes and lockouts are all judged by it. */
export class Clock {
  #offsetMs = 0;
  #frozenAt: number | null = null;

  /** `adjustable` only in tests, so that idle and absolute timeouts are proved without waiting for them. */
  constructor(private readonly adjustable = false) {}

  now(): Date {
    return new Date((this.#frozenAt ?? Date.now()) + this.#offsetMs);
  }

  /** Stops this clock at the present moment; from then on only `advance` moves it (tests only). */
  freeze(): void {
    if (!this.adjustable) throw new Error('this clock follows the system time and cannot be frozen');
    this.#frozenAt ??= Date.now();
  }

  /** Lets a frozen clock run again from where it stood (tests only). */
  thaw(): void {
    if (this.#frozenAt === null) return;
    this.#offsetMs += this.#frozenAt - Date.now();
    this.#frozenAt = null;
  }

  /** Moves this clock forward (tests only). */
  advance(ms: number): void {
    if (!this.adjustable) throw new Error('this clock follows the system time and cannot be advanced');
    this.#offsetMs += ms;
  }
}
