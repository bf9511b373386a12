import { DOCUMENT, DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { OperatorToken } from './operator-token';
import { PlatformStatusApi } from './platform-status.api';
import { type CheckRecord, type StatusSnapshot, adapterState, overallHealth } from './platform-status.model';

/** How often the page checks the platform by itself. */
export const AUTO_REFRESH_MS = 10_000;
const HISTORY_LIMIT = 100;

/** The status page's state: the last good snapshot, the last failure, the check history, polling. */
@Injectable()
export class PlatformStatusStore {
  private readonly api = inject(PlatformStatusApi);
  private readonly document = inject(DOCUMENT);
  private readonly operator = inject(OperatorToken);
  private readonly state = signal<{
    snapshot: StatusSnapshot | null;
    loading: boolean;
    error: unknown;
    failedAt: Date | null;
    checks: readonly CheckRecord[];
    tokenRejected: boolean;
  }>({ snapshot: null, loading: false, error: null, failedAt: null, checks: [], tokenRejected: false });
  private inFlight: Subscription | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private missedWhileHidden = false;

  readonly snapshot = computed(() => this.state().snapshot);
  readonly loading = computed(() => this.state().loading);
  /** The last check's failure; cleared by the next success. */
  readonly error = computed(() => this.state().error);
  readonly failedAt = computed(() => this.state().failedAt);
  /** Newest first. */
  readonly checks = computed(() => this.state().checks);
  /** The admin token entered last was sent and the backend answered without details: it is wrong. */
  readonly tokenRejected = computed(() => this.state().tokenRejected);
  readonly health = computed(() => {
    const snapshot = this.snapshot();
    return snapshot ? overallHealth(snapshot.platform.adapters) : null;
  });

  constructor() {
    const onVisibility = () => {
      // A check that fell due while the tab was hidden runs as soon as it is shown again.
      if (this.document.visibilityState === 'visible' && this.missedWhileHidden) this.refresh('auto');
    };
    this.document.addEventListener('visibilitychange', onVisibility);
    inject(DestroyRef).onDestroy(() => {
      this.document.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(this.timer);
      this.inFlight?.unsubscribe();
    });
  }

  /** Checks now; 'auto' checks run in the background (no global progress bar). Re-arms the timer. */
  refresh(trigger: 'initial' | 'manual' | 'auto'): void {
    this.inFlight?.unsubscribe();
    clearTimeout(this.timer);
    this.missedWhileHidden = false;
    this.state.update((s) => ({ ...s, loading: true }));
    const started = performance.now();
    const sentToken = this.operator.token() !== null;
    this.inFlight = this.api.load(trigger === 'auto').subscribe({
      next: ({ platform, readiness }) => {
        const tokenRejected = sentToken && !platform.detailed;
        if (tokenRejected) this.operator.clear();
        const receivedAt = new Date();
        const record: CheckRecord = {
          at: receivedAt,
          outcome: overallHealth(platform.adapters),
          latencyMs: Math.round(performance.now() - started),
          adaptersUp: platform.adapters.filter((a) => adapterState(a) === 'up').length,
          adaptersTotal: platform.adapters.length,
        };
        this.state.update((s) => ({
          snapshot: { platform, readiness, receivedAt },
          loading: false,
          error: null,
          failedAt: null,
          checks: [record, ...s.checks].slice(0, HISTORY_LIMIT),
          tokenRejected: tokenRejected || (s.tokenRejected && !sentToken),
        }));
        this.schedule();
      },
      error: (error: unknown) => {
        const at = new Date();
        const record: CheckRecord = {
          at,
          outcome: 'failed',
          latencyMs: Math.round(performance.now() - started),
          adaptersUp: 0,
          adaptersTotal: 0,
        };
        this.state.update((s) => ({ ...s, loading: false, error, failedAt: at, checks: [record, ...s.checks].slice(0, HISTORY_LIMIT) }));
        this.schedule();
      },
    });
  }

  /** Shows the operator details from now on, if the backend accepts the token. */
  showDetails(token: string): void {
    this.operator.set(token);
    this.state.update((s) => ({ ...s, tokenRejected: false }));
    this.refresh('manual');
  }

  hideDetails(): void {
    this.operator.clear();
    this.refresh('manual');
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.document.visibilityState === 'hidden') this.missedWhileHidden = true;
      else this.refresh('auto');
    }, AUTO_REFRESH_MS);
  }
}
