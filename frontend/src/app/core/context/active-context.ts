import { Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AuthSession } from '../auth/auth-session';
import { ContextApi } from './context.api';
import type { ActingContext, MyContexts } from './context.model';

/**
 * The context the user acts in (an enterprise or an operator node), the ones they may switch to,
 * and what the active one permits. Loaded whenever a session starts; emptied when it ends.
 */
@Injectable({ providedIn: 'root' })
export class ActiveContext {
  private readonly api = inject(ContextApi);
  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  private readonly contexts = signal<MyContexts | null>(null);
  private readonly granted = signal<ReadonlySet<string> | null>(null);
  private loading: Promise<void> | null = null;

  readonly active = computed(() => this.contexts()?.active ?? null);
  readonly available = computed(() => this.contexts()?.available ?? []);
  /** True once the permissions of the current context are known. */
  readonly ready = computed(() => this.granted() !== null);

  constructor() {
    effect(() => {
      const signedIn = this.session.signedIn();
      untracked(() => {
        if (signedIn) void this.load().catch(() => undefined);
        else this.forget();
      });
    });
  }

  /** Whether the active context grants `permission` ('subject:action'). */
  can(permission: string): boolean {
    return this.granted()?.has(permission) ?? false;
  }

  /** Reads contexts and permissions again; concurrent callers share one round trip. */
  load(): Promise<void> {
    this.loading ??= Promise.all([firstValueFrom(this.api.contexts()), firstValueFrom(this.api.permissions())])
      .then(([contexts, permissions]) => {
        this.contexts.set(contexts);
        this.granted.set(new Set(permissions));
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /** Resolves once permissions are known (or could not be read, then nothing is granted). */
  async whenReady(): Promise<void> {
    if (this.ready()) return;
    if (!(await this.session.restore())) return;
    await (this.loading ?? this.load()).catch(() => this.granted.set(new Set()));
  }

  /**
   * Acts in `context` from now on: the backend issues an access token for it, which replaces the
   * current one; then permissions are read again and the page on screen loads its data anew.
   */
  async choose(context: Pick<ActingContext, 'kind' | 'id'>): Promise<void> {
    const grant = await firstValueFrom(this.api.choose(context.kind, context.id));
    this.session.adoptAccessToken(grant.accessToken);
    this.contexts.update((current) => ({ active: grant.active, available: current?.available ?? [] }));
    await this.load();
    await this.reloadPage();
  }

  private async reloadPage(): Promise<void> {
    // Leaving and re-entering the route recreates the page, so it reads its data in the new context,
    // and re-runs its guards, so a page the new context may not see is left.
    const url = this.router.url;
    await this.router.navigateByUrl('/', { skipLocationChange: true });
    await this.router.navigateByUrl(url);
  }

  private forget(): void {
    this.contexts.set(null);
    this.granted.set(null);
  }
}
