/**
 * Wakes live subscriptions when this process commits, so that they see a write without a polling
 * delay. A version number closes the gap between "read up to the head" and "start waiting": a wait
 * for a version that has already moved on returns at once.
 */
export class CommitSignal {
  private version = 0;
  private readonly waiters = new Set<() => void>();

  get current(): number {
    return this.version;
  }

  notify(): void {
    this.version += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the next commit after `seen`, after `timeoutMs` (to look for other processes' writes), or on abort. */
  wait(seen: number, timeoutMs: number, abort: AbortSignal): Promise<void> {
    if (this.version !== seen || abort.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        abort.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
      abort.addEventListener('abort', wake, { once: true });
    });
  }
}
