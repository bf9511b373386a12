import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { BlobPreview } from '../blob-preview';
import { type ReviewDecision, ReviewDecisionForm } from '../review-decision';
import { ReviewHistory } from '../review-history';
import { StatusChip } from '../../shared/ui/status-chip';
import { TenancyApi } from '../tenancy.api';
import type { Enterprise, ReviewStep } from '../tenancy.model';

/** One enterprise registration under review: its facts, the licence, the history and the decision. */
@Component({
  selector: 'kg-enterprise-review-detail',
  imports: [
    MatButtonModule,
    MatIconModule,
    RouterLink,
    TranslocoPipe,
    LoadingPanel,
    StatePanel,
    BlobPreview,
    ReviewDecisionForm,
    ReviewHistory,
    StatusChip,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kg-page">
      <a mat-button routerLink="/enterprises/review"><mat-icon>arrow_back</mat-icon>{{ 'enterprises.review.title' | transloco }}</a>
      @if (enterprise.error()) {
        <kg-state-panel tone="error" icon="domain_disabled" [title]="'common.notFoundOrFailed' | transloco">
          <button mat-flat-button (click)="enterprise.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!enterprise.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let e = enterprise.value();
        <header class="kg-page-head">
          <div>
            <h1>{{ e.name }}</h1>
            <p class="kg-lead">{{ 'enterprises.types.' + e.type | transloco }}</p>
          </div>
          <kg-status [value]="e.status" />
        </header>
        <section class="kg-card">
          <dl class="kg-facts">
            <div>
              <dt>{{ 'enterprises.fields.uscc' | transloco }}</dt>
              <dd class="kg-mono">{{ e.uscc }}</dd>
            </div>
            <div>
              <dt>{{ 'enterprises.fields.address' | transloco }}</dt>
              <dd>
                {{ e.placeName ?? e.address?.countyCode ?? '—' }} {{ e.address?.line }}
              </dd>
            </div>
          </dl>
        </section>
        @if (e.licence) {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">badge</mat-icon>{{ 'enterprises.fields.licence' | transloco }}</h2>
            <kg-blob-preview
              [blobId]="e.licence.blobId"
              [mediaType]="e.licence.mediaType"
              [label]="'enterprises.fields.licence' | transloco"
            />
          </section>
        }
        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">history</mat-icon>{{ 'review.history' | transloco }}</h2>
          <kg-review-history [steps]="history(e)" />
        </section>
        @if (e.status === 'pending-review' && e.canReview !== false) {
          <section class="kg-card">
            <h2><mat-icon aria-hidden="true">gavel</mat-icon>{{ 'review.decide' | transloco }}</h2>
            @if (refusal()) {
              <p class="refusal" role="alert">{{ refusal() }}</p>
            }
            <kg-review-decision [busy]="busy()" (decided)="decide($event)" />
          </section>
        }
      }
    </div>
  `,
  styles: `
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class EnterpriseReviewDetail {
  private readonly api = inject(TenancyApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  /** Route parameter. */
  readonly id = input.required<string>();
  protected readonly enterprise = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.enterprise(params) });
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  /** Registration, then the latest decision: what the enterprise row keeps of its review. */
  protected history(e: Enterprise): ReviewStep[] {
    const t = (key: string) => this.transloco.translate(key);
    return [
      ...(e.registeredAt ? [{ at: e.registeredAt, action: t('review.actions.submitted') }] : []),
      ...(e.review ? [{ at: e.review.at, action: t(`review.actions.${e.review.outcome}`), opinion: e.review.opinion || null }] : []),
    ];
  }

  protected decide(decision: ReviewDecision): void {
    this.busy.set(true);
    this.refusal.set(null);
    const call =
      decision.verdict === 'approve'
        ? this.api.approveEnterprise(this.id(), decision.opinion)
        : this.api.rejectEnterprise(this.id(), decision.opinion);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.snackBar.open(this.transloco.translate(`review.done.${decision.verdict}`), undefined, { duration: 4000 });
        void this.router.navigate(['/enterprises/review']);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, null);
        if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => f.message)].filter(Boolean).join('; '));
      },
    });
  }
}
