import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { forkJoin } from 'rxjs';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { activeEnterpriseId } from '../active-enterprise';
import { NoEnterprise } from '../no-enterprise';
import { OrganizationApi } from '../organization.api';
import { OverrideMatrix } from '../roles/override-matrix';
import { type OverrideState, matrixOf, overridesOf } from '../roles/permission-matrix.model';

/** 个人权限: one member's allow / deny overrides on top of their roles. */
@Component({
  selector: 'kg-overrides-page',
  imports: [MatButtonModule, MatIconModule, RouterLink, TranslocoPipe, LoadingPanel, StatePanel, NoEnterprise, OverrideMatrix],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/organization/members"><mat-icon>arrow_back</mat-icon>{{ 'members.title' | transloco }}</a>
      <header>
        <h1>{{ 'overrides.title' | transloco: { name: name() ?? '' } }}</h1>
        <p class="kg-lead">{{ 'overrides.lead' | transloco }}</p>
      </header>
      @if (!enterpriseId()) {
        <kg-no-enterprise />
      } @else if (data.error()) {
        <kg-state-panel tone="error" icon="cloud_off" [title]="'common.notFoundOrFailed' | transloco">
          <button mat-flat-button (click)="data.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!data.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        <section class="kg-card">
          <p class="legend">
            <span><mat-icon class="inherit">remove</mat-icon>{{ 'overrides.states.inherit' | transloco }}</span>
            <span><mat-icon class="allow">check_circle</mat-icon>{{ 'overrides.states.allow' | transloco }}</span>
            <span><mat-icon class="deny">block</mat-icon>{{ 'overrides.states.deny' | transloco }}</span>
          </p>
          <kg-override-matrix [matrix]="matrix()!" [(states)]="states" />
          @if (refusal()) {
            <p class="refusal" role="alert">{{ refusal() }}</p>
          }
          @if (saved()) {
            <p class="ok" role="status">{{ 'overrides.saved' | transloco }}</p>
          }
          <div class="kg-actions buttons">
            <button mat-flat-button (click)="save()" [disabled]="busy()" data-testid="save-overrides">
              {{ 'common.save' | transloco }}
            </button>
          </div>
        </section>
      }
    </div>
  `,
  styles: `
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 16px;
      margin: 0 0 12px;
      span {
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
    }
    .inherit {
      color: var(--mat-sys-outline);
    }
    .allow,
    .ok {
      color: var(--kg-ok);
    }
    .deny,
    .refusal {
      color: var(--mat-sys-error);
    }
    .buttons {
      margin-top: 16px;
    }
  `,
})
export class OverridesPage {
  private readonly api = inject(OrganizationApi);
  protected readonly enterpriseId = activeEnterpriseId();
  /** Route parameter. */
  readonly userId = input.required<string>();
  /** Query parameter: the member's display name, carried from the members list. */
  readonly name = input<string>();
  protected readonly data = rxResource({
    params: () => (this.enterpriseId() ? { enterpriseId: this.enterpriseId()!, userId: this.userId() } : undefined),
    stream: ({ params }) =>
      forkJoin({ catalogue: this.api.catalogue(), overrides: this.api.overrides(params.enterpriseId, params.userId) }),
  });
  protected readonly matrix = computed(() => (this.data.hasValue() ? matrixOf(this.data.value().catalogue) : null));
  protected readonly states = signal<ReadonlyMap<string, OverrideState>>(new Map());
  protected readonly busy = signal(false);
  protected readonly saved = signal(false);
  protected readonly refusal = signal<string | null>(null);

  constructor() {
    effect(() => {
      if (!this.data.hasValue()) return;
      const overrides = this.data.value().overrides;
      untracked(() => this.states.set(new Map(overrides.map((o) => [o.permission, o.effect]))));
    });
  }

  protected save(): void {
    const enterpriseId = this.enterpriseId();
    if (!enterpriseId) return;
    this.busy.set(true);
    this.saved.set(false);
    this.refusal.set(null);
    this.api.saveOverrides(enterpriseId, this.userId(), overridesOf(this.states())).subscribe({
      next: () => {
        this.busy.set(false);
        this.saved.set(true);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, null);
        if (failure)
          this.refusal.set([failure.message, ...failure.unplaced.map((f) => `${f.field}: ${f.message}`)].filter(Boolean).join('; '));
      },
    });
  }
}
