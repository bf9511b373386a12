import { Injectable, computed, signal } from '@angular/core';

/** Counts the requests in flight that the user is waiting for. */
@Injectable({ providedIn: 'root' })
export class HttpActivity {
  private readonly inFlight = signal(0);

  /** True while at least one such request is in flight. */
  readonly busy = computed(() => this.inFlight() > 0);

  begin(): void {
    this.inFlight.update((n) => n + 1);
  }

  end(): void {
    this.inFlight.update((n) => Math.max(0, n - 1));
  }
}
