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
import type { ReviewStep, Verification } from '../tenancy.model';
import { applicantOf } from './verification-review-queue';

/** One certification application: applicant, materials, history and the reviewer's decision. */
@Component({
  selector: 'kg-verification-review-detail',
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
      <a mat-button routerLink="/verification-reviews"><mat-icon>arrow_back</mat-icon>{{ 'verification.title' | transloco }}</a>
      @if (review.error()) {
        <kg-state-panel tone="error" icon="person_off" [title]="'common.notFoundOrFailed' | transloco">
          <button mat-flat-button (click)="review.reload()">{{ 'common.retry' | transloco }}</button>
        </kg-state-panel>
      } @else if (!review.hasValue()) {
        <kg-loading-panel [label]="'common.loading' | transloco" />
      } @else {
        @let v = review.value();
        <header class="kg-page-head">
          <div>
            <h1>{{ applicant(v) }}</h1>
            <p class="kg-lead">{{ 'verification.kinds.' + v.kind | transloco }}</p>
          </div>
          <kg-status [value]="v.status" />
        </header>
        <section class="kg-card">
          <dl class="kg-facts">
            <div>
              <dt>{{ 'verification.idNumber' | transloco }}</dt>
              <dd class="kg-mono">{{ v.idNumberMasked ?? '—' }}</dd>
            </div>
            <div>
              <dt>{{ 'verification.county' | transloco }}</dt>
              <dd>{{ v.placeName ?? v.countyCode }}</dd>
            </div>
            @if (v.years != null) {
              <div>
                <dt>{{ 'verification.years' | transloco }}</dt>
                <dd>{{ v.years }}</dd>
              </div>
            }
            @if (v.skills?.length) {
              <div>
                <dt>{{ 'verification.skills' | transloco }}</dt>
                <dd>{{ v.skills!.join('、') }}</dd>
              </div>
            }
          </dl>
        </section>
        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">folder_open</mat-icon>{{ 'verification.materials' | transloco }}</h2>
          <div class="materials">
            @for (m of documents(v); track m.blobId) {
              <kg-blob-preview [blobId]="m.blobId" [mediaType]="m.mediaType" [label]="m.label" />
            } @empty {
              <p>{{ 'verification.noMaterials' | transloco }}</p>
            }
          </div>
        </section>
        <section class="kg-card">
          <h2><mat-icon aria-hidden="true">history</mat-icon>{{ 'review.history' | transloco }}</h2>
          <kg-review-history [steps]="steps(v)" />
        </section>
        @if (v.status === 'pending-review') {
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
    .materials {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
    }
    .refusal {
      color: var(--mat-sys-error);
    }
  `,
})
export class VerificationReviewDetail {
  private readonly api = inject(TenancyApi);
  private readonly router = inject(Router);
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  readonly id = input.required<string>();
  protected readonly review = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.verificationReview(params) });
  protected readonly busy = signal(false);
  protected readonly refusal = signal<string | null>(null);

  protected readonly applicant = applicantOf;

  /** ID card photos by side, or the certification's materials by type, each with its label. */
  protected documents(v: Verification): { blobId: string; mediaType: string; label: string }[] {
    const t = (key: string) => this.transloco.translate(key);
    return [
      ...(v.photos ?? []).map((p) => ({ ...p, label: t(`verification.sides.${p.side}`) })),
      ...(v.materials ?? []).map((m, i) => ({ ...m, label: `${t(`verification.materialTypes.${m.type}`)} ${i + 1}` })),
    ];
  }

  protected steps(v: Verification): ReviewStep[] {
    return v.history.map((h) => ({ at: h.at, action: this.transloco.translate(`review.actions.${h.action}`), opinion: h.opinion }));
  }

  protected decide(decision: ReviewDecision): void {
    this.busy.set(true);
    this.refusal.set(null);
    const call =
      decision.verdict === 'approve'
        ? this.api.approveVerification(this.id(), decision.opinion)
        : this.api.rejectVerification(this.id(), decision.opinion);
    call.subscribe({
      next: () => {
        this.busy.set(false);
        this.snackBar.open(this.transloco.translate(`review.done.${decision.verdict}`), undefined, { duration: 4000 });
        void this.router.navigate(['/verification-reviews']);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        const failure = formFailure(error, null);
        if (failure) this.refusal.set([failure.message, ...failure.unplaced.map((f) => f.message)].filter(Boolean).join('; '));
      },
    });
  }
}
